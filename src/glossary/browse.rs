//! Browsing the glossary a page at a time, as a glossary page does: concepts filtered by a
//! term's text, language and status, newest first or in alphabetical order, with the number
//! that match so that a front end can page through them.

use rusqlite::types::Value;
use serde::Serialize;

use super::db;
use crate::error::{Error, Result};
use crate::model::glossary::{Status, StoredConcept};
use crate::store::{Store, read_snapshot};
use crate::text::{LangTag, key};

/// The order concepts are listed in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// The last added first.
    #[default]
    Newest,
    /// By the concept's first term in the language asked for (any language when none is),
    /// ignoring case.
    Alphabetical,
}

impl std::str::FromStr for Order {
    type Err = Error;

    fn from_str(s: &str) -> Result<Order> {
        match s.trim() {
            "newest" => Ok(Order::Newest),
            "alphabetical" => Ok(Order::Alphabetical),
            other => Err(Error::Invalid(format!(
                "order: {other:?} is neither newest nor alphabetical"
            ))),
        }
    }
}

/// Which concepts to list. The filters apply to one term together: `lang` zh and `status`
/// deprecated lists the concepts that have a deprecated Chinese term.
#[derive(Clone, Debug, Default)]
pub struct BrowseQuery {
    /// Text a term contains, compared by its match key (case, width, script and spacing
    /// aside): `mayor` finds "Vice Mayor", `市長` finds 市长.
    pub text: Option<String>,
    /// A language range (`zh` selects zh-CN and zh-TW).
    pub lang: Option<LangTag>,
    pub status: Option<Status>,
    pub order: Order,
    /// How many matching concepts to skip.
    pub offset: usize,
    /// At most this many concepts.
    pub limit: usize,
}

/// One page of concepts and how many match in all.
#[derive(Clone, Debug, Serialize)]
pub struct BrowsePage {
    pub total: usize,
    pub offset: usize,
    pub concepts: Vec<StoredConcept>,
}

/// The concepts `q` asks for, a page of them, read in one snapshot so that the total and the
/// page agree.
pub fn browse(store: &Store, q: &BrowseQuery) -> Result<BrowsePage> {
    let conn = store.conn();
    read_snapshot(conn, || {
        let Some((lang, lang_args)) = lang_condition(conn, q.lang.as_ref())? else {
            return Ok(BrowsePage {
                total: 0,
                offset: q.offset,
                concepts: Vec::new(),
            });
        };
        // Read from the terms alone (in the order of their index on concept), which costs a
        // third of asking each concept whether it has a matching term.
        let mut term_filter = format!("1{lang}");
        let mut args = lang_args.clone();
        if let Some(s) = q.status {
            term_filter.push_str(" AND t.status = ?");
            args.push(Value::Text(s.as_str().into()));
        }
        if let Some(text) = q.text.as_deref().filter(|t| !t.trim().is_empty()) {
            // Compared as lookup compares: normalised, lower case, simplified script.
            term_filter.push_str(" AND instr(t.simp, ?) > 0");
            args.push(Value::Text(key::simplified(&key::normalize(text, false))));
        }
        let total: i64 = conn.query_row(
            &format!("SELECT count(DISTINCT t.concept) FROM term t WHERE {term_filter}"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let sql = match q.order {
            Order::Newest => format!(
                "SELECT DISTINCT t.concept FROM term t WHERE {term_filter} ORDER BY t.concept DESC LIMIT ? OFFSET ?"
            ),
            // By the language filtered by, so that a list of Chinese terms is in the order of
            // its Chinese terms; not by the status or text filtered by, which would sort
            // "Mayor" by a deprecated synonym.
            Order::Alphabetical => {
                let mut filter_args = std::mem::replace(&mut args, lang_args);
                let narrowed = if filter_args.len() > args.len() {
                    args.append(&mut filter_args);
                    format!(" AND t.concept IN (SELECT t.concept FROM term t WHERE {term_filter})")
                } else {
                    String::new()
                };
                format!(
                    "SELECT t.concept FROM term t WHERE 1{lang}{narrowed} GROUP BY t.concept ORDER BY min(t.text) COLLATE NOCASE, t.concept LIMIT ? OFFSET ?"
                )
            }
        };
        args.push(Value::Integer(q.limit as i64));
        args.push(Value::Integer(q.offset as i64));
        let mut stmt = conn.prepare(&sql)?;
        let ids: Vec<i64> = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut concepts = Vec::with_capacity(ids.len());
        for id in ids {
            concepts.extend(db::get_concept(conn, id)?);
        }
        Ok(BrowsePage {
            total: total as usize,
            offset: q.offset,
            concepts,
        })
    })
}

/// The condition on a term's language (` AND t.lang IN (?, ...)`, or nothing without a range)
/// and its arguments; `None` when no stored language is in the range. A range is not a prefix
/// of a tag's text (`zh` selects `zh-Hant-TW` and not `zha`): the few languages stored are
/// sorted out here.
fn lang_condition(
    conn: &rusqlite::Connection,
    range: Option<&LangTag>,
) -> Result<Option<(String, Vec<Value>)>> {
    let Some(range) = range else {
        return Ok(Some((String::new(), Vec::new())));
    };
    let selected: Vec<Value> = db::languages(conn)?
        .into_iter()
        .filter(|l| LangTag::parse(l).is_ok_and(|t| range.selects(&t)))
        .map(Value::Text)
        .collect();
    if selected.is_empty() {
        return Ok(None);
    }
    let marks = vec!["?"; selected.len()].join(", ");
    Ok(Some((format!(" AND t.lang IN ({marks})"), selected)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{AddRequest, EditRequest, TermSpec, add, edit};
    use crate::model::glossary::ConceptRef;

    fn glossary() -> (Store, Vec<i64>) {
        let mut store = Store::open_in_memory().unwrap();
        let mut ids = Vec::new();
        for terms in [
            &["en=Mayor", "zh-CN=市长"][..],
            &["en=sister city", "zh-CN=友好城市"],
            &["en=Vice Mayor", "zh-TW=副市長"],
        ] {
            let terms = terms.iter().map(|t| TermSpec::parse(t).unwrap()).collect();
            ids.push(add(&mut store, &AddRequest::new(terms)).unwrap().concept);
        }
        let req = EditRequest {
            status: Some(Status::Deprecated),
            ..EditRequest::new(
                ConceptRef::Id(ids[1]),
                Some(TermSpec::parse("zh-CN=友好城市").unwrap()),
            )
        };
        edit(&mut store, &req).unwrap();
        (store, ids)
    }

    fn ids(store: &Store, q: &BrowseQuery) -> (usize, Vec<i64>) {
        let p = browse(store, q).unwrap();
        (p.total, p.concepts.iter().map(|c| c.id).collect())
    }

    fn query() -> BrowseQuery {
        BrowseQuery {
            limit: 10,
            ..BrowseQuery::default()
        }
    }

    #[test]
    fn newest_first_alphabetical_by_the_language_asked_and_paged() {
        let (store, c) = glossary();
        assert_eq!(ids(&store, &query()), (3, vec![c[2], c[1], c[0]]));
        let alpha = BrowseQuery {
            order: Order::Alphabetical,
            ..query()
        };
        assert_eq!(ids(&store, &alpha), (3, vec![c[0], c[1], c[2]]));
        let zh = BrowseQuery {
            lang: Some(LangTag::parse("zh").unwrap()),
            ..alpha.clone()
        };
        // 副 U+526F, 友 U+53CB, 市 U+5E02.
        assert_eq!(ids(&store, &zh), (3, vec![c[2], c[1], c[0]]));
        let second = BrowseQuery {
            offset: 1,
            limit: 1,
            ..alpha
        };
        assert_eq!(ids(&store, &second), (3, vec![c[1]]));
    }

    #[test]
    fn filters_apply_to_one_term_together() {
        let (store, c) = glossary();
        let text = |t: &str| BrowseQuery {
            text: Some(t.into()),
            ..query()
        };
        assert_eq!(ids(&store, &text("MAYOR")), (2, vec![c[2], c[0]]));
        // Script-insensitive: the traditional 市長 finds the simplified 市长 too.
        assert_eq!(ids(&store, &text("市長")), (2, vec![c[2], c[0]]));
        let deprecated = BrowseQuery {
            status: Some(Status::Deprecated),
            ..query()
        };
        assert_eq!(ids(&store, &deprecated), (1, vec![c[1]]));
        let english_deprecated = BrowseQuery {
            lang: Some(LangTag::parse("en").unwrap()),
            ..deprecated
        };
        assert_eq!(ids(&store, &english_deprecated), (0, vec![]));
        let no_such_language = BrowseQuery {
            lang: Some(LangTag::parse("fr").unwrap()),
            ..query()
        };
        assert_eq!(ids(&store, &no_such_language), (0, vec![]));
    }
}
