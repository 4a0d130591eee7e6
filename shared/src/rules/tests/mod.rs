mod hours;
mod pe_points;
mod properties;
mod recertification;
mod route;
mod trajectory;
mod wire;
