//! The token-list parser on pages shaped like Jenkins' own, in both markup eras.

use jenkins_api_token::day::Day;
use jenkins_api_token::expiry::Expiry;
use jenkins_api_token::html::HtmlParser;
use jenkins_api_token::jenkins::crumb::Crumb;
use jenkins_api_token::jenkins::token_list::{Attention, ListedToken, Usage, page_crumb, parse};
use jenkins_api_token::messages;

use crate::support::{Parser, english, fixture};

fn today() -> Day {
    Day::parse_iso("2026-11-29").unwrap()
}

#[test]
fn cards_of_2_548_and_later() {
    let page = fixture("security-2.555.html");
    let tokens = parse(&page).unwrap();
    assert_eq!(tokens.len(), 4, "the row template is skipped");
    assert_eq!(
        tokens[0],
        ListedToken {
            uuid: "0b7e5ef3-1c68-4a64-9d61-3d2a3f7a1c11".into(),
            name: "laptop <b>curl</b>".into(),
            legacy: false,
            created: Day::parse_iso("2026-11-01"),
            created_time: Some(9 * 3600 + 15 * 60 + 2),
            expiry: Expiry::On(Day::new(2026, 12, 31).unwrap()),
            expires_soon: false,
            usage: Usage::Used { count: 42, last: Day::parse_iso("2026-11-28") },
        }
    );
    assert_eq!(tokens[0].attention(today()), vec![]);
    let facts = |token| messages::facts(token).iter().map(english).collect::<Vec<_>>().join(" · ");
    assert_eq!(facts(&tokens[0]), "Created 2026-11-01 · Expires 2026-12-31 · Used 42 times, last on 2026-11-28");
    assert_eq!(facts(&tokens[1]), "Created 2026-10-01 · Never expires · Never used");
    assert_eq!(tokens[0].lifetime_days(), Some(60));

    assert_eq!(tokens[1].name, "Legacy Token");
    assert!(tokens[1].legacy);
    assert_eq!(tokens[1].expiry, Expiry::Never);
    assert_eq!(tokens[1].usage, Usage::Never);
    assert_eq!(tokens[1].attention(today()), vec![Attention::NeverUsed30Days, Attention::Legacy]);

    assert_eq!(tokens[2].expiry, Expiry::Expired);
    assert_eq!(tokens[2].attention(today()), vec![Attention::Expired, Attention::Unused90Days]);

    assert_eq!((&tokens[3].expiry, tokens[3].expires_soon), (&Expiry::On(Day::new(2026, 12, 3).unwrap()), true));
    assert_eq!(tokens[3].usage, Usage::NotRecorded);
    assert_eq!(tokens[3].attention(today()), vec![Attention::ExpiresSoon]);

    assert_eq!(page_crumb(&page), Some(Crumb { field: "Jenkins-Crumb".into(), value: "4f0c8e".into() }));
}

#[test]
fn repeatable_rows_of_2_129_to_2_504() {
    let page = fixture("configure-2.300.html");
    let tokens = parse(&page).unwrap();
    assert_eq!(tokens.len(), 2, "the new-token row is skipped");
    assert_eq!(tokens[0].name, "deploy \"bot\"");
    assert_eq!(tokens[0].created, Day::parse_iso("2026-08-20"));
    assert_eq!(tokens[0].usage, Usage::Used { count: 3, last: Day::parse_iso("2026-08-21") });
    assert_eq!(tokens[0].expiry, Expiry::NotShown);
    assert_eq!(tokens[0].attention(today()), vec![Attention::Unused90Days]);
    assert!(tokens[1].legacy);
    assert_eq!(tokens[1].usage, Usage::Never);
    assert_eq!(tokens[1].attention(today()), vec![Attention::Legacy], "never used, but only 9 days old");
}

#[test]
fn an_empty_list_is_a_list() {
    let empty = Parser.parse(
        r#"<html><head></head><body><div class="token-list ignore-dirty-panel">
        <div class="token-list-empty-item"><div class="jenkins-notice">No API tokens configured</div></div>
        <div id="api-tokens" class="jenkins-hidden"><div id="api-token-list"></div></div></div></body></html>"#,
    );
    assert_eq!(parse(&empty), Ok(vec![]));
}

#[test]
fn unknown_markup_is_never_a_wrong_list() {
    for html in [
        "<html><body><h1>Access Denied</h1></body></html>",
        "<html><body><div class=\"token-list\"><p>redesigned</p></div></body></html>",
        // A card without a name, a row without a uuid: refuse the whole list.
        "<html><body><div class=\"token-list\"><div id=\"api-token-list\"><div class=\"token-card\" id=\"u\"></div></div></div></body></html>",
        "<html><body><div class=\"token-list\"><div class=\"repeated-chunk\"><div class=\"token-list-existing-item\"><input class=\"token-name\" value=\"x\"></div></div></div></body></html>",
    ] {
        assert!(parse(&Parser.parse(html)).is_err(), "{html}");
    }
}
