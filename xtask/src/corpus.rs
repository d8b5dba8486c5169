//! The development data beside the repository (`../shared/data/`), read into articles: the
//! Reuters-21578, BBC and AG News texts, for benchmarks and evaluations. None of it is in the
//! repository; commands that need it say so clearly when it is absent.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Serialize;

/// One article, as written to the JSONL that copydesk's ingest stage reads.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    pub text: String,
}

/// `../shared/data`, or an error that says what it is and that it is not part of the repository.
pub fn data_dir() -> Result<PathBuf> {
    let dir = crate::root().join("../shared/data");
    if !dir.is_dir() {
        bail!(
            "this command needs the development data in {} (the research corpora beside the \
             repository, which are not part of it and cannot be redistributed); it is missing here",
            dir.display()
        );
    }
    Ok(dir.canonicalize().unwrap_or(dir))
}

/// A file or directory inside the data directory, checked to exist.
pub fn data_path(relative: &str) -> Result<PathBuf> {
    let path = data_dir()?.join(relative);
    if !path.exists() {
        bail!("{} is missing from the development data", path.display());
    }
    Ok(path)
}

/// The 19,043 Reuters-21578 stories that have a body, in file order.
pub fn reuters() -> Result<Vec<Article>> {
    let dir = data_path("news/reuters21578")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sgm"))
        .collect();
    files.sort();
    let mut articles = Vec::new();
    for file in files {
        // The SGML is ASCII with a few stray bytes; read it as Latin-1 so nothing is lost.
        let text = latin1(&std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?);
        for record in text.split("<REUTERS ").skip(1) {
            let Some(body) = element(record, "BODY") else { continue };
            // 34 bodies keep a carriage return typed out as `^M` at line ends.
            let body = body.replace("^M\n", "\n");
            let body = body.strip_suffix("^M").unwrap_or(&body);
            let id = attribute(record, "NEWID").unwrap_or_default();
            articles.push(Article {
                id: format!("reuters-{id}"),
                title: element(record, "TITLE").map(|t| unescape(t.trim())),
                published: element(record, "DATE").and_then(reuters_date),
                text: unescape(body.trim_end_matches("Reuter\n&#3;").trim_end_matches("REUTER\n&#3;").trim()),
            });
        }
    }
    Ok(articles)
}

/// The 2,225 BBC News articles: title on the first line, then paragraphs (Latin-1).
pub fn bbc() -> Result<Vec<Article>> {
    let dir = data_path("news/bbc-greene2006")?;
    let mut sections: Vec<PathBuf> =
        std::fs::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    sections.sort();
    let mut articles = Vec::new();
    for section in sections {
        let name = section.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&section)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for file in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
            let text = latin1(&std::fs::read(&file)?);
            let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
            let stem = file.file_stem().unwrap_or_default().to_string_lossy();
            articles.push(Article {
                id: format!("bbc-{name}-{stem}"),
                title: Some(title.trim().to_string()),
                published: None,
                text: body.trim().to_string(),
            });
        }
    }
    Ok(articles)
}

/// The 7,600 AG News test items: title and description.
pub fn ag_news() -> Result<Vec<Article>> {
    let path = data_path("news/ag-news-test/test.csv")?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(&path)?;
    let mut articles = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: record {}", path.display(), i + 1))?;
        let field = |n: usize| ag_clean(record.get(n).unwrap_or_default());
        articles.push(Article {
            id: format!("ag-{}", i + 1),
            title: Some(field(1)),
            published: None,
            text: field(2),
        });
    }
    Ok(articles)
}

/// Writes articles as JSON lines.
/// The three corpora converted and written to `dir` (`reuters.jsonl`, `bbc.jsonl`,
/// `ag-news.jsonl`): each file with its articles, in that order, the order the bench's enlarged
/// corpora draw from.
pub fn write_all(dir: &Path) -> Result<Vec<(PathBuf, Vec<Article>)>> {
    let mut written = Vec::new();
    for (name, articles) in [("reuters", reuters()?), ("bbc", bbc()?), ("ag-news", ag_news()?)] {
        let path = dir.join(format!("{name}.jsonl"));
        write_jsonl(&path, &articles)?;
        written.push((path, articles));
    }
    Ok(written)
}

pub fn write_jsonl(path: &Path, articles: &[Article]) -> Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for article in articles {
        serde_json::to_writer(&mut out, article)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn latin1(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

fn element<'a>(record: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = record.find(&open)? + open.len();
    let end = record[start..].find(&format!("</{tag}>"))? + start;
    Some(&record[start..end])
}

fn attribute<'a>(record: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = record.find(&key)? + key.len();
    let end = record[start..].find('"')? + start;
    Some(&record[start..end])
}

/// `26-FEB-1987 15:01:01.79` → `1987-02-26`.
fn reuters_date(text: &str) -> Option<String> {
    let mut parts = text.trim().split(' ').next()?.split('-');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    const MONTHS: [&str; 12] =
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? + 1;
    Some(format!("{year}-{month:02}-{:02}", day.parse::<u32>().ok()?))
}

/// SGML entities: `&lt;`, `&gt;`, `&amp;` and numeric ones (control characters are dropped).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 8);
        let entity = end.map(|e| &rest[1..e]);
        let decoded = match entity {
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("amp") => Some('&'),
            Some("quot") => Some('"'),
            Some(e) if e.starts_with('#') => {
                e[1..].parse::<u32>().ok().and_then(char::from_u32).or(Some('\0'))
            }
            _ => None,
        };
        match (decoded, end) {
            (Some(c), Some(e)) => {
                if !c.is_control() || c == '\n' {
                    out.push(c);
                }
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// AG News escapes: `\` for a line break, `\$` for a dollar sign (656 in the test set: "cause
/// \$3-6bn" is no line break), `#36;` for `&#36;`, named references whose `&` became a space
/// (`Johnson  amp; Johnson`, `In  quot;helping themselves, quot;`: 705), and HTML entities.
fn ag_clean(text: &str) -> String {
    let mut text = format!(" {}", text.replace("\\$", "$").replace("\\", "\n"));
    for (name, c) in [(" quot;", " \""), (" amp;", " &"), (" lt;", " <"), (" gt;", " >")] {
        text = text.replace(name, c);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| (2..=7).contains(&e));
        match end.and_then(|e| rest[1..e].parse::<u32>().ok().and_then(char::from_u32).map(|c| (c, e))) {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('#');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    unescape(out.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgml_and_ag_escapes() {
        assert_eq!(unescape("A &lt;B&gt; &amp; C&#5; D &x"), "A <B> & C D &x");
        assert_eq!(
            ag_clean("costs #36;10 million\\second line &amp; more"),
            "costs $10 million\nsecond line & more"
        );
        assert_eq!(ag_clean("could cause \\$3-6bn in losses"), "could cause $3-6bn in losses");
        assert_eq!(
            ag_clean("quot;Johnson  amp; Johnson quot; gt; Motorola"),
            "\"Johnson  & Johnson \" > Motorola"
        );
        assert_eq!(reuters_date(" 26-FEB-1987 15:01:01.79").as_deref(), Some("1987-02-26"));
    }
}
