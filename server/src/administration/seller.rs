//! The seller on every invoice, from the environment (read once):
//! `INVOICE_SELLER_NAME`, `INVOICE_SELLER_ADDRESS` (lines separated by `|`),
//! `INVOICE_SELLER_KVK`, `INVOICE_SELLER_VAT_NUMBER`, `INVOICE_SELLER_IBAN`,
//! `INVOICE_SELLER_EMAIL`. Unset fields show as "(niet ingesteld)" so a
//! missing setting is visible on the invoice rather than silently absent.

pub use shared::api::administration::Seller;
use std::sync::OnceLock;

const UNSET: &str = "(niet ingesteld)";

fn var(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_string())
}

pub fn seller() -> &'static Seller {
    static SELLER: OnceLock<Seller> = OnceLock::new();
    SELLER.get_or_init(|| Seller {
        name: var("INVOICE_SELLER_NAME", "Noloc"),
        address_lines: var("INVOICE_SELLER_ADDRESS", UNSET)
            .split('|')
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        kvk: var("INVOICE_SELLER_KVK", UNSET),
        vat_number: var("INVOICE_SELLER_VAT_NUMBER", UNSET),
        iban: var("INVOICE_SELLER_IBAN", UNSET),
        email: var("INVOICE_SELLER_EMAIL", UNSET),
    })
}
