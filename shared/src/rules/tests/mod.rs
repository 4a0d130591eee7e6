//! Seed references in these tests: "000" is /work/shared/seeds/000_23620c8e4cd3ec56.txt
//! (FAQ), "001" is 001_c5556b3296484495.txt (toetsingskader recertificering),
//! "002" is 002_502fc1f71e8dbf80.txt (toetsingskader initiële certificering
//! v1.3 november 2023). Quoted Dutch words locate the passage.

mod deliverables;
mod hours;
mod pe_points;
mod pe_statement;
mod privacy;
mod properties;
mod recertification;
mod route;
mod trajectory;
mod wire;
