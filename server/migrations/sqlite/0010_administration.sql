-- Administration of the register: fee tables, VAT rates, members, external
-- affiliates, invoices (gap-free numbers per year), certificates. Money in
-- integer cents, calendar dates 'YYYY-MM-DD' text, instants unix seconds.

-- Fee amounts per year (excluding VAT); a year without a row uses the latest
-- earlier one. Seeded with the FAQ's 2023 amounts.
CREATE TABLE fee_schedules (
    year INTEGER PRIMARY KEY NOT NULL,
    certification_fee_cents INTEGER NOT NULL CHECK (certification_fee_cents >= 0),
    affiliate_registration_fee_cents INTEGER NOT NULL CHECK (affiliate_registration_fee_cents >= 0),
    register_fee_cents INTEGER NOT NULL CHECK (register_fee_cents >= 0),
    updated_at INTEGER NOT NULL
);
INSERT INTO fee_schedules VALUES (2023, 30000, 10000, 20250, 0);

-- The VAT rate in force from a date on, in basis points (2100 = 21%).
CREATE TABLE vat_rates (
    valid_from TEXT PRIMARY KEY NOT NULL,
    basis_points INTEGER NOT NULL CHECK (basis_points >= 0 AND basis_points <= 10000),
    updated_at INTEGER NOT NULL
);
INSERT INTO vat_rates VALUES ('2012-10-01', 2100, 0);

-- Counters behind gap-free numbers: ('invoice', year) and ('affiliate', 0).
-- Bumped with UPDATE ... RETURNING inside the transaction that uses the
-- number, so a rolled-back transaction gives its number back.
CREATE TABLE number_counters (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_value INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
);

-- Noloc members, by membership number; they pay no register fee.
CREATE TABLE members (
    id TEXT PRIMARY KEY NOT NULL,
    membership_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    city TEXT NOT NULL,
    user_id TEXT UNIQUE REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

-- External affiliates (externe aansluiters). Invoice details are only set
-- where they differ from the person's own.
CREATE TABLE affiliates (
    id TEXT PRIMARY KEY NOT NULL,
    affiliate_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    street TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    organisation TEXT,
    invoice_name TEXT,
    invoice_street TEXT,
    invoice_postal_code TEXT,
    invoice_city TEXT,
    invoice_email TEXT,
    privacy_consent_at INTEGER NOT NULL,
    user_id TEXT UNIQUE REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

-- Invoices are never edited after issue except for their status; a credit
-- invoice (kind 'credit', negative lines) cancels one. The buyer's details
-- are copied in, as they were on the day of issue.
CREATE TABLE invoices (
    id TEXT PRIMARY KEY NOT NULL,
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('registration', 'register_fee', 'credit')),
    issue_date TEXT NOT NULL,
    due_date TEXT NOT NULL,
    affiliate_id TEXT REFERENCES affiliates (id),
    fee_year INTEGER,
    buyer_name TEXT NOT NULL,
    buyer_organisation TEXT,
    buyer_street TEXT NOT NULL,
    buyer_postal_code TEXT NOT NULL,
    buyer_city TEXT NOT NULL,
    buyer_email TEXT NOT NULL,
    vat_basis_points INTEGER NOT NULL,
    total_excl_vat_cents INTEGER NOT NULL,
    total_vat_cents INTEGER NOT NULL,
    total_incl_vat_cents INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'credited')),
    paid_on TEXT,
    credits_invoice_id TEXT UNIQUE REFERENCES invoices (id),
    created_by TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (year, sequence)
);
CREATE INDEX invoices_affiliate ON invoices (affiliate_id);
CREATE INDEX invoices_status ON invoices (status, due_date);
-- One registration invoice per affiliate, one register-fee invoice per
-- affiliate and year: running the annual run twice cannot bill twice.
CREATE UNIQUE INDEX invoices_one_registration ON invoices (affiliate_id) WHERE kind = 'registration';
CREATE UNIQUE INDEX invoices_one_register_fee ON invoices (affiliate_id, fee_year) WHERE kind = 'register_fee';

CREATE TABLE invoice_lines (
    invoice_id TEXT NOT NULL REFERENCES invoices (id),
    line_no INTEGER NOT NULL,
    description TEXT NOT NULL,
    excl_vat_cents INTEGER NOT NULL,
    vat_cents INTEGER NOT NULL,
    incl_vat_cents INTEGER NOT NULL,
    PRIMARY KEY (invoice_id, line_no)
);

-- Certificates as the register lists them. The person is a member or an
-- affiliate (or neither, for imported history); name, e-mail and city are
-- as on the certificate.
CREATE TABLE certificates (
    id TEXT PRIMARY KEY NOT NULL,
    certificate_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    city TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    expiry_date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('initial', 'recertification')),
    member_id TEXT REFERENCES members (id),
    affiliate_id TEXT REFERENCES affiliates (id),
    created_by TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX certificates_expiry ON certificates (expiry_date);
CREATE INDEX certificates_email ON certificates (email);
CREATE INDEX certificates_affiliate ON certificates (affiliate_id);
