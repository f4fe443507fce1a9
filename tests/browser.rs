//! The browser tier: `concord serve` opened in Debian's Chromium, driven through ChromeDriver
//! (WebDriver), as a translator uses the page: type in the box, press Enter, read what is
//! marked. What the HTML tests of tests/serve.rs cannot see is checked here: that the box has
//! the focus on arrival, that a form submitted from the keyboard gives the answer, and that
//! what the browser renders as marked is the term and nothing around it.
//!
//! It needs `/usr/bin/chromium` and `/usr/bin/chromedriver` (Debian's `chromium` and
//! `chromium-driver`; `CONCORD_CHROMEDRIVER` and `CONCORD_CHROMIUM` name others). Without them
//! each test says so and passes, unless `CONCORD_BROWSER=required`, which `.ci/run` sets after
//! installing them, so CI cannot skip the tier unseen. Screenshots of every page checked go to
//! `target/tmp/browser/` for review.

use std::time::{Duration, Instant};

use fantoccini::{Locator, key::Key};
use serde_json::json;

mod common;
use common::Db;
use common::server::Server;
#[path = "common/browser.rs"]
mod browser;
use browser::Browser;

#[tokio::test]
async fn typing_the_deprecated_sister_cities_shows_the_rendering_to_use() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    // The shipped glossary, as a fresh machine has it.
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    let base = &server.base;

    browser.look_up(base, "姐妹城市").await;
    browser.screenshot("lookup-姐妹城市").await;
    let warnings = browser.texts("p.warning").await;
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("姐妹城市 is deprecated: use 友好城市")),
        "{warnings:?}"
    );
    // Asked from Chinese, the answer lists the English renderings.
    assert!(
        browser
            .texts("span.text[lang='en']")
            .await
            .contains(&"sister cities".to_string())
    );

    browser.look_up(base, "sister city").await;
    browser.screenshot("lookup-sister-city").await;
    assert!(
        browser
            .texts("span.text[lang='zh-CN']")
            .await
            .contains(&"友好城市".to_string())
    );
    // The deprecated rendering is listed struck through, as the browser draws it.
    assert!(
        browser
            .texts("del.text")
            .await
            .contains(&"姐妹城市".to_string())
    );
    let drawn = browser
        .client
        .execute(
            "return [...document.querySelectorAll('del.text')]
                 .map(e => e.textContent + ' ' + getComputedStyle(e).textDecorationLine)",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        drawn
            .as_array()
            .unwrap()
            .contains(&json!("姐妹城市 line-through")),
        "{drawn}"
    );

    // Copy a rendering with its button, from the keyboard, and check the clipboard holds it.
    let copy = browser
        .client
        .find(Locator::Css("button.copy[aria-label='copy 友好城市']"))
        .await
        .unwrap();
    copy.send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    let started = Instant::now();
    while copy.text().await.unwrap() != "copied" {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the copy button says {:?}",
            copy.text().await.unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // `/` brings the keyboard back to the search box; pasting there gives what was copied.
    copy.send_keys("/").await.unwrap();
    let focused = browser.client.active_element().await.unwrap();
    assert_eq!(focused.attr("name").await.unwrap().as_deref(), Some("q"));
    // (`/` selected the box's text, so the paste replaces it.)
    focused
        .send_keys(&format!(
            "{}v{}",
            char::from(Key::Control),
            char::from(Key::Null)
        ))
        .await
        .unwrap();
    assert_eq!(
        focused.prop("value").await.unwrap().as_deref(),
        Some("友好城市")
    );
    browser.close().await;
}

/// The classes of highlighting bugs reported against Weblate's glossary: Chinese without
/// spaces, multi-word terms, hyphenated terms, terms next to punctuation. Each query is
/// typed; the marked part is read from the page the browser rendered.
#[tokio::test]
async fn the_part_of_a_longer_query_a_term_stands_in_is_marked_exactly() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let db = Db::with_glossary(&[
        &["en=Mayor", "zh-CN=市长"],
        &["en=memorandum of understanding", "zh-CN=谅解备忘录"],
        &["en=Secretary-General", "zh-CN=秘书长"],
        &["en=sister cities", "zh-CN=友好城市"],
    ]);
    let server = Server::start(&db.path, &[]);
    let base = &server.base;
    let cases: &[(&str, &str, &[&str])] = &[
        // (screenshot, query, the marked parts in page order)
        ("zh-no-spaces", "上海市长龚正会见了代表团", &["市长"]),
        ("zh-bridge", "南京市长江大桥", &[]),
        (
            "multi-word",
            "they signed a memorandum of understanding today",
            &["memorandum of understanding"],
        ),
        (
            "hyphenated",
            "the UN Secretary-General spoke",
            &["Secretary-General"],
        ),
        ("zh-punctuation", "两市结为（友好城市）。", &["友好城市"]),
        ("en-punctuation", "“Mayor,” she said", &["Mayor"]),
        ("en-possessive", "the Mayor's office", &["Mayor's"]),
    ];
    for (name, query, marked) in cases {
        browser.look_up(base, query).await;
        browser.screenshot(&format!("marks-{name}")).await;
        let got = browser.texts("p.how mark").await;
        assert_eq!(&got, marked, "{query}");
        // The mark sits where the term is: the line reads as the query with it marked.
        for line in browser.texts("p.how").await {
            assert!(line.ends_with(query), "{query}: {line}");
        }
        if marked.is_empty() {
            let none = browser.texts("p.none").await;
            assert!(
                none.iter().any(|n| n.contains("No glossary entry")),
                "{query}: {none:?}"
            );
        }
    }
    browser.close().await;
}

/// A reviewer pastes a draft into the check page and sees the planted error marked where it
/// stands, on its line, and the clean line left unmarked.
#[tokio::test]
async fn a_pasted_draft_shows_the_planted_finding_marked_on_its_line() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let db = Db::with_glossary(&[
        &["en=Mayor", "zh-CN=市长"],
        &["en=sister cities", "zh-CN=友好城市"],
    ]);
    let server = Server::start(&db.path, &[]);
    // Line 2 leaves the Mayor out of its Chinese: the planted error.
    let draft = "en\tzh-CN\nShanghai and San Francisco are sister cities.\t上海和旧金山是友好城市。\nThe Mayor spoke.\t他讲话了。\n";
    browser
        .client
        .goto(&format!("{}/check", server.base))
        .await
        .unwrap();
    // Pasted, as a reviewer does from a spreadsheet: the clipboard, then Ctrl+V in the box.
    // (A click first: Chromium lets a page write the clipboard only after a user gesture.)
    let area = browser
        .client
        .find(Locator::Css("textarea[name=draft]"))
        .await
        .unwrap();
    area.click().await.unwrap();
    let written = browser
        .client
        .execute_async(
            "const done = arguments[1];
             navigator.clipboard.writeText(arguments[0]).then(() => done('ok'), e => done(String(e)))",
            vec![json!(draft)],
        )
        .await
        .unwrap();
    assert_eq!(written, json!("ok"));
    area.send_keys(&format!(
        "{}v{}",
        char::from(Key::Control),
        char::from(Key::Null)
    ))
    .await
    .unwrap();
    assert_eq!(area.prop("value").await.unwrap().as_deref(), Some(draft));
    browser
        .client
        .find(Locator::Css("form.check button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let table = browser
        .client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("table.segments"))
        .await
        .unwrap();
    browser.screenshot("check-pasted-draft").await;
    let mut rows = Vec::new();
    for row in table.find_all(Locator::Css("tbody tr")).await.unwrap() {
        let line = row
            .find(Locator::Css("td.n"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let mut marks = Vec::new();
        for m in row.find_all(Locator::Css("mark")).await.unwrap() {
            marks.push((
                m.attr("class").await.unwrap().unwrap_or_default(),
                m.text().await.unwrap(),
            ));
        }
        rows.push((line, marks));
    }
    assert_eq!(
        rows,
        [
            ("2".to_string(), vec![]),
            (
                "3".to_string(),
                vec![("term-missing".to_string(), "Mayor".to_string())]
            ),
        ],
        "rows (line, marks)"
    );
    browser.close().await;
}

/// A term added on the page is what lookup answers next; adding it again is refused with the
/// reason, not stored twice.
#[tokio::test]
async fn a_term_added_on_the_page_is_found_by_lookup_and_not_added_twice() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let db = Db::empty();
    let server = Server::start(&db.path, &[]);
    add_mou_on_the_page(&browser, &server.base).await;
    browser.screenshot("glossary-added").await;
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/", "{url}");
    assert!(
        browser
            .texts("span.text[lang='zh-CN']")
            .await
            .contains(&"谅解备忘录".to_string())
    );
    add_mou_on_the_page(&browser, &server.base).await;
    browser.screenshot("glossary-duplicate").await;
    let errors = browser.texts("p.error").await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (_, listed, _) = db.run(&["glossary", "list"]);
    assert_eq!(listed.matches("谅解备忘录").count(), 1, "{listed}");
    browser.close().await;
}

/// Fills the add page from the keyboard: the first box has it, Tab goes on to the others.
async fn add_mou_on_the_page(browser: &Browser, base: &str) {
    browser
        .client
        .goto(&format!("{base}/glossary/add"))
        .await
        .unwrap();
    let first = browser.focus_on_arrival("text1").await;
    first
        .send_keys(&format!(
            "memorandum of understanding{tab}{tab}谅解备忘录{enter}",
            tab = char::from(Key::Tab),
            enter = char::from(Key::Enter)
        ))
        .await
        .unwrap();
    let started = Instant::now();
    while browser.client.find(Locator::Css("main > *")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no answer page"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
