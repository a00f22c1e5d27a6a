//! `quizc serve`: live preview of the HTML output with incremental rebuilds.
//!
//! The site lives in memory (never in `dist/` unless `--out` is given). A
//! watcher rebuilds only the quiz files that changed (every quiz when a
//! template changed, the quizzes that use an image when it changed); pages get
//! a small script that reloads them over server-sent events, keeping the
//! scroll position. A quiz with errors answers with an error page holding the
//! same diagnostics as the terminal.

use super::report;
use crate::compile::{self, Compiled};
use crate::config::Config;
use crate::diag::MessageFormat;
use crate::discover::{self, Discovery, Found};
use crate::emit::{self, Emitter};
use clap::Args;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The content folder (or one quiz file) [default: content/]
    pub path: Option<PathBuf>,
    /// Port on 127.0.0.1; the next free one is used when it is taken.
    #[arg(short, long, default_value_t = 3000)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Also write the HTML output to this folder on every rebuild.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

const EVENTS_PATH: &str = "/__quizc/events";

/// What the server answers with, swapped whole on every rebuild.
#[derive(Default)]
struct Site {
    /// URL path (no leading `/`) → bytes.
    files: BTreeMap<String, Vec<u8>>,
}

/// The server's shared state: the site and a generation counter that the
/// reload stream waits on.
struct Shared {
    site: RwLock<Site>,
    generation: Mutex<u64>,
    changed: Condvar,
}

/// One quiz file's last build.
struct Entry {
    stamp: Stamp,
    quiz_id: String,
    /// The images it uses (absolute paths) and their stamps at build time.
    assets: Vec<(PathBuf, Stamp)>,
    /// Site files (relative to the html root), or the error page.
    files: BTreeMap<String, Vec<u8>>,
    quiz: Option<crate::model::Quiz>,
}

/// Modification time and length: what tells a real change from a read.
type Stamp = Option<(std::time::SystemTime, u64)>;

struct Preview {
    paths: Vec<PathBuf>,
    /// Stamps of the user's templates at the last full build.
    templates: Vec<(PathBuf, Stamp)>,
    /// Paths that could not be read at the last rebuild.
    read_errors: Vec<String>,
    config: Config,
    html: &'static dyn Emitter,
    entries: BTreeMap<PathBuf, Entry>,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let path = args
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from("content"));
    if !path.exists() {
        return report::usage_error(&format!("{} does not exist", path.display()));
    }
    let config = match Config::discover(&path) {
        Ok(c) => c,
        Err(e) => return report::usage_error(&e.to_string()),
    };
    let Some(html) = emit::find("html") else {
        return report::usage_error("the html format is not available in this build");
    };
    let mut preview = Preview {
        paths: vec![path.clone()],
        templates: Vec::new(),
        read_errors: Vec::new(),
        config,
        html,
        entries: BTreeMap::new(),
    };
    let shared = Arc::new(Shared {
        site: RwLock::new(Site::default()),
        generation: Mutex::new(0),
        changed: Condvar::new(),
    });
    preview.templates = preview.template_stamps();
    preview.rebuild(true);
    publish(&preview, &shared, args.out.as_deref());

    let (listener, port) = match bind(args.port) {
        Ok(l) => l,
        Err(e) => return report::usage_error(&format!("cannot listen on 127.0.0.1: {e}")),
    };
    let url = format!("http://127.0.0.1:{port}/");
    eprintln!("serving {} at {url} (Ctrl-C to stop)", path.display());
    if args.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let _ = ctrlc::set_handler(|| {
        eprintln!("\nstopped");
        // A write to --out in progress leaves no temporary file behind.
        crate::write::abandon_and_exit(0);
    });

    let watch_shared = Arc::clone(&shared);
    let out = args.out.clone();
    std::thread::spawn(move || watch(preview, watch_shared, out));

    for stream in listener.incoming().flatten() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
        });
    }
    ExitCode::SUCCESS
}

/// 127.0.0.1 only; the first free port from `port` on.
fn bind(port: u16) -> std::io::Result<(TcpListener, u16)> {
    let mut last = None;
    for p in port..port.saturating_add(100) {
        match TcpListener::bind(("127.0.0.1", p)) {
            Ok(l) => {
                let port = l.local_addr()?.port();
                return Ok((l, port));
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free port")))
}

fn watch(mut preview: Preview, shared: Arc<Shared>, out: Option<PathBuf>) {
    use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode};
    let (tx, rx) = std::sync::mpsc::channel();
    let Ok(mut debouncer) = new_debouncer(Duration::from_millis(150), tx) else {
        eprintln!("warning: cannot watch files; the preview will not rebuild");
        return;
    };
    let mut watched = preview.paths.clone();
    if let Some(t) = preview.templates_dir() {
        watched.push(t);
    }
    for p in &watched {
        if p.exists() {
            let _ = debouncer.watcher().watch(p, RecursiveMode::Recursive);
        }
    }
    for events in rx {
        let Ok(events) = events else { continue };
        // Events only say that something happened (reads included); the
        // stamps decide what really changed.
        if events.iter().all(|e| is_ignored(&e.path)) {
            continue;
        }
        let templates = preview.template_stamps();
        let all = templates != preview.templates;
        preview.templates = templates;
        if preview.rebuild(all) {
            publish(&preview, &shared, out.as_deref());
        }
    }
}

fn is_ignored(p: &Path) -> bool {
    p.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s.starts_with('.') && s.len() > 1 && s != ".."
    }) || p.to_string_lossy().ends_with('~')
}

impl Preview {
    fn templates_dir(&self) -> Option<PathBuf> {
        let root = self.config.root.clone().or_else(|| {
            let p = std::path::absolute(&self.paths[0]).ok()?;
            Some(if p.is_dir() {
                p
            } else {
                p.parent()?.to_path_buf()
            })
        })?;
        Some(root.join("templates"))
    }

    fn template_stamps(&self) -> Vec<(PathBuf, Stamp)> {
        let Some(dir) = self.templates_dir() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for p in entries.filter_map(Result::ok).map(|e| e.path()) {
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let s = stamp(&p);
                    out.push((p, s));
                }
            }
        }
        out.sort();
        out
    }

    /// Rebuilds the quiz files whose file or images changed (all of them
    /// when `all`). Returns whether anything changed.
    fn rebuild(&mut self, all: bool) -> bool {
        let discovery = discover::discover(&self.paths);
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let present: Vec<(PathBuf, Found)> = discovery
            .files
            .iter()
            .map(|f| (abs(&f.path), f.clone()))
            .collect();
        let before = self.entries.len();
        self.entries
            .retain(|path, _| present.iter().any(|(p, _)| p == path));
        let mut removed = self.entries.len() != before;
        let mut todo = Vec::new();
        for (path, found) in &present {
            let stamp = stamp(path);
            let stale = match self.entries.get(path) {
                None => true,
                Some(e) => {
                    all || e.stamp != stamp || e.assets.iter().any(|(p, s)| self::stamp(p) != *s)
                }
            };
            if stale {
                todo.push(found.clone());
            }
        }
        let errors: Vec<String> = discovery
            .errors
            .iter()
            .map(|(path, message)| format!("error: cannot read {}: {message}", path.display()))
            .collect();
        if errors != self.read_errors {
            errors.iter().for_each(|e| eprintln!("{e}"));
            self.read_errors = errors;
            removed = true;
        }
        if todo.is_empty() {
            return removed;
        }
        let started = std::time::Instant::now();
        let one = Discovery {
            files: todo.clone(),
            ..Discovery::default()
        };
        let compiled = compile::compile(&one, &self.config);
        for unit in &compiled.units {
            let entry = self.entry_for(&compiled, unit);
            self.entries.insert(abs(&unit.path), entry);
        }
        report::print_diagnostics(
            &compiled.sources,
            &compiled.diags.items,
            MessageFormat::Human,
        );
        eprintln!(
            "rebuilt {} quiz{} in {} ms",
            todo.len(),
            if todo.len() == 1 { "" } else { "zes" },
            started.elapsed().as_millis()
        );
        true
    }

    fn entry_for(&self, compiled: &Compiled, unit: &compile::Unit) -> Entry {
        let path = std::path::absolute(&unit.path).unwrap_or_else(|_| unit.path.clone());
        let quiz_id = unit
            .quiz
            .as_ref()
            .map(|q| q.id.clone())
            .unwrap_or_else(|| crate::discover::fallback_id(&unit.path));
        let assets = unit
            .quiz
            .as_ref()
            .map(|q| {
                let root = compile::content_root(&unit.path, None, &self.config);
                let root = self.config.root.clone().unwrap_or(root);
                q.assets
                    .iter()
                    .map(|a| {
                        let p = root.join(&a.path);
                        let s = stamp(&p);
                        (p, s)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut files = BTreeMap::new();
        let file_diags: Vec<_> = compiled
            .diags
            .items
            .iter()
            .filter(|d| d.file == Some(unit.file))
            .cloned()
            .collect();
        let quiz = if unit.failed { None } else { unit.quiz.clone() };
        match &quiz {
            Some(q) => {
                let mut cx = emit::EmitCx {
                    file: unit.file,
                    config: &self.config,
                    diags: Default::default(),
                };
                match self.html.emit(q, &mut cx) {
                    Ok(emit::Output::Folder(tree)) => {
                        for (p, bytes) in tree.files {
                            files.insert(format!("{quiz_id}/{p}"), bytes);
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        files.insert(
                            format!("{quiz_id}/index.html"),
                            error_page(&quiz_id, &e.to_string()).into_bytes(),
                        );
                    }
                }
                report::print_diagnostics(&compiled.sources, &cx.diags.items, MessageFormat::Human);
            }
            None => {
                let mut buf = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
                let _ = crate::diag::emit(
                    &mut buf,
                    &compiled.sources,
                    &file_diags,
                    MessageFormat::Human,
                );
                let text = String::from_utf8_lossy(&buf.into_inner()).into_owned();
                files.insert(
                    format!("{quiz_id}/index.html"),
                    error_page(&quiz_id, &text).into_bytes(),
                );
            }
        }
        Entry {
            stamp: stamp(&path),
            quiz_id,
            assets,
            files,
            quiz,
        }
    }

    fn site_files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        for e in self.entries.values() {
            files.extend(e.files.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        let ok: Vec<_> = self
            .entries
            .values()
            .filter_map(|e| e.quiz.as_ref())
            .collect();
        if let Ok(Some(tree)) = self.html.site(&ok, &self.config) {
            files.extend(tree.files);
        }
        let broken: Vec<&str> = self
            .entries
            .values()
            .filter(|e| e.quiz.is_none())
            .map(|e| e.quiz_id.as_str())
            .collect();
        if !files.contains_key("index.html") || !broken.is_empty() {
            let list: String = self
                .entries
                .values()
                .map(|e| {
                    let id = escape(&e.quiz_id);
                    let state = if e.quiz.is_none() {
                        " (has errors)"
                    } else {
                        ""
                    };
                    format!("<li><a href=\"{id}/\">{id}</a>{state}</li>")
                })
                .collect();
            if !files.contains_key("index.html") {
                files.insert(
                    "index.html".into(),
                    format!("<!doctype html><html><head><meta charset=\"utf-8\"><title>quizc preview</title></head><body><h1>Quizzes</h1><ul>{list}</ul></body></html>").into_bytes(),
                );
            }
        }
        files
    }
}

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

fn publish(preview: &Preview, shared: &Shared, out: Option<&Path>) {
    let files = preview.site_files();
    if let Some(out) = out {
        let prefixed: BTreeMap<String, Vec<u8>> = files
            .iter()
            .map(|(k, v)| (format!("html/{k}"), v.clone()))
            .collect();
        if let Err(errors) = crate::write::write_build(out, &["html"], &prefixed) {
            for e in errors {
                eprintln!("error[write-failed]: {e}");
            }
        }
    }
    shared.site.write().unwrap_or_else(|e| e.into_inner()).files = files;
    let mut generation = shared.generation.lock().unwrap_or_else(|e| e.into_inner());
    *generation += 1;
    shared.changed.notify_all();
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn error_page(quiz_id: &str, diagnostics: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{id}: errors</title>\
<style>body{{font:16px system-ui,sans-serif;margin:2rem;color:#1b1b1b}}pre{{background:#fdf2f2;border-left:4px solid #b00020;padding:1rem;overflow:auto;font:14px ui-monospace,monospace}}</style></head>\
<body><h1>{id} has errors</h1><p>Fix the file and save: this page reloads by itself.</p>\n<pre class=\"quizc-diagnostics\">{diags}</pre></body></html>\n",
        id = escape(quiz_id),
        diags = escape(diagnostics)
    )
}

/// The preview-only reload script, inserted before `</body>`.
const RELOAD_SCRIPT: &str = "<script>(()=>{const k='quizc-scroll:'+location.pathname;const y=sessionStorage.getItem(k);if(y!==null){sessionStorage.removeItem(k);addEventListener('load',()=>scrollTo(0,+y));}const es=new EventSource('/__quizc/events');es.onmessage=()=>{sessionStorage.setItem(k,String(scrollY));location.reload();};})();</script>";

fn handle(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed",
        );
    }
    if path == EVENTS_PATH {
        return events(stream, shared);
    }
    let Some(rel) = decode_path(path) else {
        return respond(&mut stream, "400 Bad Request", "text/plain", b"bad path");
    };
    let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.clone(), format!("{rel}/index.html")]
    };
    for c in &candidates {
        if let Some(bytes) = site.files.get(c) {
            if c != &rel && !rel.is_empty() && !rel.ends_with('/') {
                // `/quiz` → `/quiz/` so relative asset paths resolve.
                let location = format!("/{rel}/");
                let head = format!(
                    "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                return stream.write_all(head.as_bytes());
            }
            let mime = mime_of(c);
            if mime.starts_with("text/html") {
                let page = inject_reload(bytes);
                return respond(&mut stream, "200 OK", mime, &page);
            }
            return respond(&mut stream, "200 OK", mime, bytes);
        }
    }
    respond(
        &mut stream,
        "404 Not Found",
        "text/plain; charset=utf-8",
        b"not found",
    )
}

fn decode_path(path: &str) -> Option<String> {
    let raw = path.trim_start_matches('/');
    let mut bytes = Vec::with_capacity(raw.len());
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            bytes.push(b[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(bytes).ok()?;
    if s.split('/').any(|seg| seg == "..") {
        return None;
    }
    Some(s)
}

/// The page with the reload script, which its Content-Security-Policy then
/// allows (with the event stream it listens to).
fn inject_reload(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    crate::emit::html::csp::with_preview_script(&text, RELOAD_SCRIPT).into_bytes()
}

fn mime_of(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

fn respond(stream: &mut TcpStream, status: &str, mime: &str, body: &[u8]) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)
}

/// The reload stream: a `hello` event, then one message per rebuild.
fn events(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\nevent: hello\ndata: connected\n\n")?;
    stream.flush()?;
    let mut seen = *shared.generation.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let guard = shared.generation.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, timeout) = shared
            .changed
            .wait_timeout_while(guard, Duration::from_secs(15), |g| *g == seen)
            .unwrap_or_else(|e| e.into_inner());
        let current = *guard;
        drop(guard);
        if timeout.timed_out() {
            // A comment keeps proxies and the connection alive, and finds
            // closed clients.
            stream.write_all(b": keep-alive\n\n")?;
        } else {
            seen = current;
            stream.write_all(format!("data: {current}\n\n").as_bytes())?;
        }
        stream.flush()?;
    }
}
