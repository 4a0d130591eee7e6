//! Who was last signed in on this device: `{id, name}` in local storage, no
//! secret (the session cookie is HttpOnly and stays with the browser). It
//! lets the app open a person's local drafts offline and show their name.
//! Same key and shape as the portfolio editor's copy, so both agree.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct DeviceUser {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

#[cfg(feature = "hydrate")]
const KEY: &str = "rj-portfolio/v1/device-user";

pub fn remembered() -> Option<DeviceUser> {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        LocalStorage::get(KEY).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

pub fn remember(user: &DeviceUser) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        let _ = LocalStorage::set(KEY, user);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = user;
}

pub fn forget() {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        LocalStorage::delete(KEY);
    }
}
