//! `settings::resolve_texts`: the administrator's policy and the user's options, as the storage areas
//! hand them over. Input: `policy JSON\0options JSON`. Whatever the policy holds, a key it sets is
//! locked and never resolves to a weaker rule than the policy could have meant.
#![no_main]

use jenkins_api_token::expiry::Expiry;
use jenkins_api_token::json::Json;
use jenkins_api_token::settings::{Key, MAX_CLEAR_SECONDS, resolve_texts};
use jenkins_api_token_fuzz::{field, fields};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields = fields(data);
    let (policy_text, options_text) = (field(&fields, 0).unwrap_or_default(), field(&fields, 1).unwrap_or_default());
    let resolved = resolve_texts(policy_text, options_text);
    let settings = &resolved.settings;
    let policy = serde_json::from_str::<Json>(policy_text).ok().filter(Json::is_object).unwrap_or(Json::Other);
    let sets = |key: Key| policy.get(key.name());

    for key in Key::ALL {
        assert_eq!(resolved.locked.contains(&key), sets(key).is_some(), "{key:?} locked iff the policy sets it");
    }
    if sets(Key::MaxExpiryDays).is_some() {
        let max = settings.max_days.expect("a policy limit, readable or not, is a limit");
        assert!(max >= 1);
    }
    if let Some(max) = settings.max_days {
        match &settings.default_lifetime {
            Expiry::Days(days) => assert!(*days <= max),
            other => panic!("{other:?} as the default under a limit of {max} days"),
        }
    }
    if let Some(prefixes) = &settings.allowed_jenkins {
        assert!(prefixes.iter().all(|p| p.starts_with("http") && p.ends_with('/')));
    } else {
        assert!(sets(Key::AllowedJenkins).is_none(), "an allowed-Jenkins policy never means everywhere");
    }
    for (key, allowed) in [
        (Key::AllowScriptConsole, settings.allow_script_console),
        (Key::AllowMintForOthers, settings.allow_mint_for_others),
        (Key::AllowSaveToComputer, settings.allow_save_to_computer),
    ] {
        if let Some(value) = sets(key) {
            assert_eq!(allowed, *value == Json::Bool(true), "{key:?}: only `true` allows");
        }
    }
    assert!(settings.clipboard_clear_seconds <= MAX_CLEAR_SECONDS);
    for (controller, center) in &settings.operations_centers {
        assert!(controller.ends_with('/') && center.ends_with('/'));
    }
});
