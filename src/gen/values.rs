//! Realistic values for fields and attributes, chosen once per field from its name and
//! type, so generating a row is a `match` and a few random numbers.

use super::rng::Rng;
use super::text::{push_cell, push_fixed2, push_padded, push_ts, push_u64};
use crate::schema::{Field, Type};

const DAY: i64 = 86_400;

/// Job titles: decision makers, practitioners, and the students rubrics like to deduct.
pub const JOB_TITLES: &[&str] = &[
    "VP Engineering",
    "VP Sales",
    "Chief Technology Officer",
    "CEO",
    "Head of Marketing",
    "Head of Sales",
    "Director of Operations",
    "Marketing Manager",
    "Product Manager",
    "Senior Software Engineer",
    "Software Engineer",
    "Data Analyst",
    "Sales Development Representative",
    "IT Administrator",
    "Founder",
    "Graduate Student",
    "PhD Student",
];

const COMPANY_DOMAINS: &[&str] = &[
    "acme.com",
    "globex.io",
    "initech.com",
    "umbrella.co",
    "hooli.com",
    "stark-industries.com",
    "wayne-enterprises.com",
    "soylent.io",
    "vandelay.com",
    "cyberdyne.ai",
    "tyrell.com",
    "wonka.co.uk",
    "oscorp.com",
    "aperture-labs.com",
    "blue-sun.de",
    "nakatomi.jp",
    "massive-dynamic.com",
    "gringotts.fr",
    "pied-piper.com",
    "monarch-solutions.nl",
];

const COUNTRIES: &[&str] = &[
    "US", "US", "US", "US", "GB", "GB", "DE", "DE", "FR", "CA", "NL", "AU", "IN", "BR", "ES", "SE",
    "CH", "AT", "JP", "SG",
];

const FIRST_NAMES: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
    "Lena", "Marco", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara",
];

const LAST_NAMES: &[&str] = &[
    "Smith",
    "Garcia",
    "Müller",
    "Rossi",
    "Kowalski",
    "Nguyen",
    "Okafor",
    "Tanaka",
    "Silva",
    "Johansson",
    "Dubois",
    "Patel",
    "Cohen",
    "Novak",
    "Murphy",
];

const CITIES: &[&str] = &[
    "New York",
    "San Francisco",
    "London",
    "Berlin",
    "Paris",
    "Toronto",
    "Amsterdam",
    "Sydney",
    "Bangalore",
    "São Paulo",
    "Munich",
    "Austin",
];

/// E-mail campaigns.
pub const CAMPAIGNS: &[&str] = &[
    "2024-q2-newsletter",
    "spring-launch",
    "pricing-update",
    "webinar-invite",
    "onboarding-day-1",
    "onboarding-day-7",
    "re-engagement",
    "case-study-fintech",
];

const WEBINAR_TITLES: &[&str] = &[
    "Scoring leads that sales will trust",
    "From MQL to pipeline in 30 days",
    "Product-led growth explained",
    "Data hygiene for RevOps",
    "Quarterly product update",
    "Live demo: workflows and routing",
];

const BLOG_WORDS_A: &[&str] = &[
    "how-to",
    "why",
    "the-state-of",
    "a-guide-to",
    "lessons-from",
    "5-mistakes-in",
    "beyond",
    "rethinking",
    "measuring",
    "scaling",
];

const BLOG_WORDS_B: &[&str] = &[
    "lead-scoring",
    "sales-handoffs",
    "b2b-onboarding",
    "pipeline-forecasts",
    "marketing-attribution",
    "customer-churn",
    "pricing-pages",
    "webinar-funnels",
    "intent-data",
    "account-based-marketing",
    "product-analytics",
    "email-deliverability",
    "sdr-playbooks",
    "trial-conversion",
    "data-quality",
    "revops",
    "crm-hygiene",
    "demand-gen",
    "win-loss-analysis",
    "customer-success",
];

const DOCS_PAGES: &[&str] = &[
    "/docs/getting-started",
    "/docs/getting-started/install",
    "/docs/getting-started/first-rubric",
    "/docs/api/authentication",
    "/docs/api/leads",
    "/docs/api/events",
    "/docs/api/webhooks",
    "/docs/integrations/salesforce",
    "/docs/integrations/hubspot",
    "/docs/integrations/segment",
    "/docs/guides/routing",
    "/docs/guides/decay",
    "/docs/reference/cli",
    "/docs/faq",
];

const OTHER_PAGES: &[&str] = &[
    "/product",
    "/product/scoring",
    "/product/routing",
    "/product/integrations",
    "/customers",
    "/customers/acme",
    "/about",
    "/careers",
    "/contact",
    "/security",
    "/changelog",
    "/signup",
];

/// How to make the values of one field or attribute.
#[derive(Clone, Debug)]
pub enum Gen {
    /// The lead key: `L0000001` (text) or 1, 2, 3… (numbers).
    Key {
        /// Numeric key.
        numeric: bool,
    },
    /// `contactN@domain`.
    Email,
    /// From [`JOB_TITLES`].
    JobTitle,
    /// Country code.
    Country,
    /// A person's name.
    PersonName,
    /// A company name.
    Company,
    /// A city.
    City,
    /// A phone number.
    Phone,
    /// A page path.
    Url,
    /// An e-mail campaign.
    Campaign,
    /// A webinar title.
    Title,
    /// Other text: `<name>-<k>` from a small set.
    Text(String),
    /// Company size, log-normal in 1..=50000.
    Employees,
    /// Seconds on a page, log-normal in 1..=600.
    Seconds,
    /// A person's age.
    Age,
    /// Another whole number, log-normal in 0..=100000.
    Int,
    /// A manual adjustment: roughly normal around 0, two decimals.
    Adjustment,
    /// Money: log-normal, two decimals.
    Money,
    /// Another number: roughly normal around 50, two decimals.
    Number,
    /// A time in the year before as-of.
    Timestamp,
    /// Yes/no, 30 % yes.
    Bool,
    /// An enum variant, earlier variants more likely.
    Enum {
        /// The variants as CSV cells.
        cells: Vec<String>,
        /// Cumulative weights.
        cumulative: Vec<f64>,
    },
}

impl Gen {
    /// Picks a generator from a field's name and type.
    pub fn for_field(f: &Field, is_key: bool) -> Gen {
        let name = f.name.to_ascii_lowercase();
        let has = |w: &str| name.contains(w);
        match &f.ty {
            _ if is_key => Gen::Key {
                numeric: matches!(f.ty, Type::Int | Type::Number),
            },
            Type::String if has("email") || has("e_mail") => Gen::Email,
            Type::String if has("title") && (has("job") || has("position")) => Gen::JobTitle,
            Type::String if has("title") || has("topic") => Gen::Title,
            Type::String if has("country") => Gen::Country,
            Type::String if has("company") || has("account") || has("org") => Gen::Company,
            Type::String if has("city") => Gen::City,
            Type::String if has("phone") => Gen::Phone,
            Type::String if has("name") => Gen::PersonName,
            Type::String if has("url") || has("path") || has("page") => Gen::Url,
            Type::String if has("campaign") => Gen::Campaign,
            Type::String => Gen::Text(f.name.clone()),
            Type::Int if has("employee") || has("headcount") || has("staff") => Gen::Employees,
            Type::Int | Type::Number if has("second") || has("duration") => Gen::Seconds,
            Type::Int if has("age") => Gen::Age,
            Type::Int => Gen::Int,
            Type::Number if has("adjust") || has("bonus") || has("manual") => Gen::Adjustment,
            Type::Number if has("revenue") || has("amount") || has("price") || has("budget") => {
                Gen::Money
            }
            Type::Number => Gen::Number,
            Type::Timestamp => Gen::Timestamp,
            Type::Bool => Gen::Bool,
            Type::Enum(variants) => {
                let n = variants.len() as f64;
                let mut total = 0.0;
                let cumulative = (0..variants.len())
                    .map(|i| {
                        total += 2.0 * n - i as f64;
                        total
                    })
                    .collect();
                let cells = variants
                    .iter()
                    .map(|v| {
                        let mut b = Vec::new();
                        push_cell(&mut b, v);
                        String::from_utf8(b).unwrap_or_default()
                    })
                    .collect();
                Gen::Enum { cells, cumulative }
            }
        }
    }

    /// Appends one value for lead number `n` (1-based) to `buf`. `hint` carries a value
    /// chosen earlier (a follow-up e-mail's campaign), if any.
    pub fn write(&self, buf: &mut Vec<u8>, r: &mut Rng, n: u64, as_of: i64, hint: Option<u16>) {
        match self {
            Gen::Key { numeric: true } => push_u64(buf, n),
            Gen::Key { numeric: false } => {
                buf.push(b'L');
                push_padded(buf, n, 7);
            }
            Gen::Email => {
                buf.extend_from_slice(b"contact");
                push_u64(buf, n);
                buf.push(b'@');
                let x = r.unit();
                let domain = if x < 0.14 {
                    "gmail.com"
                } else if x < 0.17 {
                    "yahoo.com"
                } else if x < 0.19 {
                    "outlook.com"
                } else {
                    r.pick(COMPANY_DOMAINS)
                };
                buf.extend_from_slice(domain.as_bytes());
            }
            Gen::JobTitle => buf.extend_from_slice(r.pick(JOB_TITLES).as_bytes()),
            Gen::Country => buf.extend_from_slice(r.pick(COUNTRIES).as_bytes()),
            Gen::PersonName => {
                buf.extend_from_slice(r.pick(FIRST_NAMES).as_bytes());
                buf.push(b' ');
                buf.extend_from_slice(r.pick(LAST_NAMES).as_bytes());
            }
            Gen::Company => {
                let d = r.pick(COMPANY_DOMAINS);
                let stem = d.split('.').next().unwrap_or(d);
                buf.extend_from_slice(stem.as_bytes());
            }
            Gen::City => buf.extend_from_slice(r.pick(CITIES).as_bytes()),
            Gen::Phone => {
                buf.extend_from_slice(b"+1-555-");
                push_padded(buf, r.below(10_000), 4);
            }
            Gen::Url => push_url(buf, r),
            Gen::Campaign => {
                let i = hint.map_or_else(|| r.below(CAMPAIGNS.len() as u64) as usize, usize::from);
                buf.extend_from_slice(CAMPAIGNS[i % CAMPAIGNS.len()].as_bytes());
            }
            Gen::Title => push_cell(buf, *r.pick(WEBINAR_TITLES)),
            Gen::Text(name) => {
                push_cell(buf, name);
                buf.push(b'-');
                push_u64(buf, r.below(50));
            }
            Gen::Employees => {
                let v = r.log_normal(120.0, 1.6).round().clamp(1.0, 50_000.0);
                push_u64(buf, v as u64);
            }
            Gen::Seconds => push_u64(buf, seconds(r)),
            Gen::Age => push_u64(buf, 18 + r.below(50)),
            Gen::Int => push_u64(buf, r.log_normal(20.0, 1.5).round().min(100_000.0) as u64),
            Gen::Adjustment => push_fixed2(buf, 5.0 * r.normal()),
            Gen::Money => push_fixed2(buf, r.log_normal(5_000.0, 1.2)),
            Gen::Number => push_fixed2(buf, 50.0 + 15.0 * r.normal()),
            Gen::Timestamp => push_ts(buf, as_of - r.below(365 * DAY as u64) as i64),
            Gen::Bool => buf.extend_from_slice(if r.chance(0.3) { b"true" } else { b"false" }),
            Gen::Enum { cells, cumulative } => {
                buf.extend_from_slice(cells[r.weighted(cumulative)].as_bytes())
            }
        }
    }
}

/// Seconds on a page: log-normal, median 40 s, in 1..=600.
pub fn seconds(r: &mut Rng) -> u64 {
    r.log_normal(40.0, 1.1).round().clamp(1.0, 600.0) as u64
}

/// A page path: the home page, pricing, ~200 blog posts, docs, product pages.
fn push_url(buf: &mut Vec<u8>, r: &mut Rng) {
    let x = r.unit();
    if x < 0.12 {
        buf.push(b'/');
    } else if x < 0.22 {
        buf.extend_from_slice(b"/pricing");
    } else if x < 0.25 {
        buf.extend_from_slice(b"/pricing/enterprise");
    } else if x < 0.60 {
        buf.extend_from_slice(b"/blog/");
        buf.extend_from_slice(r.pick(BLOG_WORDS_A).as_bytes());
        buf.push(b'-');
        buf.extend_from_slice(r.pick(BLOG_WORDS_B).as_bytes());
    } else if x < 0.80 {
        buf.extend_from_slice(r.pick(DOCS_PAGES).as_bytes());
    } else {
        buf.extend_from_slice(r.pick(OTHER_PAGES).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_values_need_no_csv_quoting() {
        let lists: [&[&str]; 12] = [
            JOB_TITLES,
            COMPANY_DOMAINS,
            COUNTRIES,
            FIRST_NAMES,
            LAST_NAMES,
            CITIES,
            CAMPAIGNS,
            WEBINAR_TITLES,
            BLOG_WORDS_A,
            BLOG_WORDS_B,
            DOCS_PAGES,
            OTHER_PAGES,
        ];
        for v in lists.iter().flat_map(|l| l.iter()) {
            let mut b = Vec::new();
            push_cell(&mut b, v);
            assert_eq!(b, v.as_bytes(), "{v}");
        }
    }

    #[test]
    fn values_are_plausible() {
        let mut r = Rng::new(1);
        let f = |name: &str, ty: Type| Field {
            name: name.into(),
            ty,
            optional: false,
        };
        let mut out = |g: Gen, n: u64| {
            let mut b = Vec::new();
            g.write(&mut b, &mut r, n, 1_717_200_000, None);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(
            out(Gen::for_field(&f("id", Type::String), true), 12),
            "L0000012"
        );
        assert_eq!(out(Gen::for_field(&f("id", Type::Int), true), 12), "12");
        assert!(out(Gen::for_field(&f("email", Type::String), false), 3).starts_with("contact3@"));
        let t = out(Gen::for_field(&f("job_title", Type::String), false), 1);
        assert!(JOB_TITLES.contains(&t.as_str()));
        for _ in 0..1000 {
            let e: u64 = out(Gen::for_field(&f("employees", Type::Int), false), 1)
                .parse()
                .unwrap();
            assert!((1..=50_000).contains(&e));
        }
        let blog: std::collections::BTreeSet<String> = (0..20_000)
            .map(|_| out(Gen::Url, 1))
            .filter(|u| u.starts_with("/blog/"))
            .collect();
        assert_eq!(blog.len(), BLOG_WORDS_A.len() * BLOG_WORDS_B.len());
    }
}
