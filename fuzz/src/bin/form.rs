//! `TokenForm::order` and `is_iso_date`: what the user typed (and the date the browser gave).
//! Input: `name\0expiry\0custom date\0today\0x\0max days` (a fifth field means Jenkins offers expiry;
//! a sixth that reads as a number is the organisation's limit).
#![no_main]

use jenkins_api_token::day::Day;
use jenkins_api_token::expiry::Expiry;
use jenkins_api_token::form::{FormContext, TokenForm, is_iso_date};
use jenkins_api_token::settings::Settings;
use jenkins_api_token_fuzz::{field, fields};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields = fields(data);
    let text = |n| field(&fields, n).unwrap_or_default().to_owned();
    let form = TokenForm { name: text(0), expiry: text(1), custom_date: text(2), ..TokenForm::default() };
    let today = text(3);
    let offers_expiry = fields.len() > 4;
    for candidate in [&form.custom_date, &today, &form.name] {
        if is_iso_date(candidate) {
            assert_eq!(candidate.len(), 10);
            assert!(candidate.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }));
        }
    }
    let max_days = field(&fields, 5).and_then(|text| text.parse::<u16>().ok());
    let settings = Settings { max_days, ..Settings::default() };
    let context =
        FormContext { offers_expiry, today: &today, me: "alice", warn_controller: false, settings: &settings };
    if let Ok(order) = form.order(&context) {
        assert_eq!(order.name, form.name.trim());
        assert!(!order.name.is_empty());
        match &order.expiry {
            None => assert!(!offers_expiry),
            Some(Expiry::On(date)) => assert!(date.to_string() >= today),
            Some(Expiry::Days(days)) => assert!(*days > 0),
            Some(Expiry::Never) => assert_eq!(form.expiry, "never"),
            Some(other) => panic!("{other:?} is not an order's expiry"),
        }
        // The organisation's limit holds for every order the form lets through.
        if let (Some(max), Some(expiry)) = (max_days, &order.expiry) {
            match expiry {
                Expiry::Never => panic!("\"never\" ordered under a limit of {max} days"),
                Expiry::Days(days) => assert!(*days <= max),
                Expiry::On(end) => assert!(Day::parse_iso(&today).unwrap().days_until(*end) <= i64::from(max)),
                other => panic!("{other:?} is not an order's expiry"),
            }
        }
    }
});
