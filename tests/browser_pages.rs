//! The browser tier for the glossary and memory pages: what tests/serve_pages.rs cannot see
//! from the HTML. That a deprecated term is drawn struck through, that an edit opened from the
//! keyboard and saved lands in the glossary, and that the memory page's upload (its one piece
//! of JavaScript that talks to the API) imports the file and says so. Skips as tests/browser.rs
//! does without Chromium, unless `CONCORD_BROWSER=required`.

use std::time::{Duration, Instant};

use fantoccini::{Locator, key::Key};

mod common;
use common::Db;
use common::server::Server;
#[path = "common/browser.rs"]
mod browser;
use browser::Browser;

/// Waits until `css` selects an element whose text contains `text`; its text.
/// Opens `page`, chooses `file` in the upload form `form` (a CSS selector) and submits it.
async fn upload(browser: &Browser, page: &str, form: &str, file: &std::path::Path) {
    browser.client.goto(page).await.unwrap();
    let input = format!("{form} input[type=file]");
    let input = browser.client.find(Locator::Css(&input)).await.unwrap();
    input.send_keys(file.to_str().unwrap()).await.unwrap();
    let submit = format!("{form} button[type=submit]");
    let submit = browser.client.find(Locator::Css(&submit)).await.unwrap();
    submit.click().await.unwrap();
}

async fn wait_for_text(browser: &Browser, css: &str, text: &str) -> String {
    let started = Instant::now();
    loop {
        let texts = browser.texts(css).await;
        if let Some(t) = texts.iter().find(|t| t.contains(text)) {
            return t.clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{css} never said {text:?}: {texts:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_term_edited_on_the_glossary_page_is_struck_through_and_stored() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let db = Db::with_glossary(&[&["en=sister city", "zh-CN=友好城市", "zh-CN=姐妹城市"]]);
    let server = Server::start(&db.path, &[]);
    browser
        .client
        .goto(&format!("{}/glossary", server.base))
        .await
        .unwrap();
    // The filter box has the keyboard: type, Enter.
    let q = browser.focus_on_arrival("q").await;
    q.send_keys(&format!("姐妹{}", char::from(Key::Enter)))
        .await
        .unwrap();
    let started = Instant::now();
    while !browser
        .client
        .current_url()
        .await
        .unwrap()
        .query()
        .is_some_and(|q| q.contains("q="))
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no filtered list"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    wait_for_text(&browser, "p.summary", "of 1.").await;
    // Open the edit of 姐妹城市, make it deprecated, save.
    let summaries = browser
        .client
        .find_all(Locator::Css("details.edit > summary"))
        .await
        .unwrap();
    assert_eq!(summaries.len(), 3);
    summaries[2].click().await.unwrap();
    let forms = browser
        .client
        .find_all(Locator::Css("form.edit[action$='/edit']"))
        .await
        .unwrap();
    let status = forms[2]
        .find(Locator::Css("select[name=status]"))
        .await
        .unwrap();
    status.select_by_value("deprecated").await.unwrap();
    forms[2]
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let struck = wait_for_text(&browser, "del.text", "姐妹城市").await;
    assert_eq!(struck, "姐妹城市");
    let drawn = browser
        .client
        .execute(
            "return getComputedStyle(document.querySelector('del.text')).textDecorationLine",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(drawn, serde_json::json!("line-through"));
    browser.screenshot("glossary-edited").await;
    let shown = db.json(&["glossary", "show", "1"]);
    assert_eq!(shown["terms"][2]["status"], "deprecated", "{shown}");
    browser.close().await;
}

#[tokio::test]
async fn a_file_uploaded_on_the_memory_page_is_imported_and_reported() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let db = Db::empty();
    let server = Server::start(&db.path, &[]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("twin.tsv");
    std::fs::write(
        &file,
        "en\tzh-CN\nThe twin town sent a delegation.\t友好城镇派出了代表团。\n",
    )
    .unwrap();
    upload(
        &browser,
        &format!("{}/memory", server.base),
        "form.import",
        &file,
    )
    .await;
    let said = wait_for_text(&browser, "#progress", "Imported").await;
    assert_eq!(said, "Imported twin.tsv: 1 unit imported.");
    browser.screenshot("memory-imported").await;
    let stats = db.json(&["tm", "stats"]);
    assert_eq!(stats["units"], 1, "{stats}");
    assert_eq!(stats["by_origin"]["twin.tsv"], 1, "{stats}");
    browser.close().await;
}

#[tokio::test]
async fn regression_glossary_upload_of_one_concept_is_not_1_concepts_read() {
    let Some(browser) = Browser::open().await else {
        return;
    };
    let db = Db::empty();
    let server = Server::start(&db.path, &[]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.tsv");
    std::fs::write(&file, "en\tzh-CN\nsister cities\t友好城市\n").unwrap();
    let page = format!("{}/glossary", server.base);
    upload(&browser, &page, "#glossary-import", &file).await;
    let said = wait_for_text(&browser, "#glossary-progress", "Imported").await;
    assert_eq!(
        said,
        "Imported one.tsv: 1 concept read, 1 added, 0 merged, 0 duplicates; 2 terms added."
    );
    let looked = db.json(&["lookup", "sister cities", "--from", "en", "--to", "zh-CN"]);
    assert!(looked.to_string().contains("友好城市"), "{looked}");
    browser.close().await;
}
