//! The botapis generator: one hand-written OpenAPI 3.0 spec per vendor in,
//! one typed async Rust client module per vendor out.
//!
//! The pipeline is `load → repair → lint → generate → render → write`, one
//! private module per stage. Load, repair and lint read the spec's raw tree
//! (they must read broken documents); lint hands over the typed `model` of
//! the API it read, which generation and the Rust side of `diff` read.
//! Generation gives the engine (progenitor-impl) the types and the
//! operations, and writes the mocks itself from the model. The API is small: [`Config`] generates a
//! folder of specs (or chosen ones) into a folder of modules,
//! [`generate_source`] one spec into a string, [`check`] runs everything
//! generation does and writes nothing, and [`diff`] compares two versions of
//! a spec. Every failure is [`Diagnostics`], located in the spec.
//!
//! Used from a build script much like prost-build (with
//! `default-features = false`, which leaves out the command line):
//!
//! ```no_run
//! botapis_codegen::Config::new()
//!     .specs_dir("specs")
//!     .out_dir("generated")
//!     .generate()
//!     .unwrap_or_else(|e| panic!("{e}"));
//! ```
//!
//! A bad spec never panics: it gives `file:line:col: what — how to fix`, and
//! nothing is written unless every spec generated.

mod diagnostic;
pub mod diff;
mod generate;
mod lint;
mod load;
mod model;
mod render;
mod repair;
mod write;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostic::{Diagnostic, Diagnostics, Location};
pub use generate::Generated;
pub use load::Spec;

/// What the benchmarks and the fuzzer reach past the API for; not part of
/// it, and free to change.
#[doc(hidden)]
pub mod internals {
    pub use crate::generate::{engine_input, engine_settings};
    pub use crate::load::positions::escape;
}

/// The Rust source generated from one spec, with what it took.
#[derive(Debug, Clone)]
pub struct Output {
    pub spec: PathBuf,
    /// Where the file goes: `<out_dir>/<spec stem>.rs`.
    pub target: PathBuf,
    pub source: String,
    pub operations: usize,
    pub types: usize,
    pub elapsed: Duration,
    /// What the repair stage changed to read the spec, as located warnings
    /// (`specs/README.md` lists the repairs).
    pub warnings: Vec<Diagnostic>,
}

impl Output {
    pub fn lines(&self) -> usize {
        self.source.lines().count()
    }
}

/// How strictly a spec is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Generate what can be generated from a published spec with defects:
    /// repair the defects that have one plain reading (`/:name` path
    /// segments, `type: date-time`, `type: "null"`) and skip, with a located
    /// warning, each operation lint or the engine rejects; a schema the
    /// engine cannot take is read as free-form JSON, with a warning at it.
    /// Off by default, and for the project's own specs: a skipped operation
    /// is a missing method.
    pub allow_skips: bool,
}

/// How many times skipping operations may uncover further ones to skip.
const SKIP_ROUNDS: usize = 4;

/// How many operations and schemas the engine cannot take a spec may hold
/// and still generate under `allow_skips`: each costs a run of the engine
/// and a search for what failed in it.
const DEGRADE_ROUNDS: usize = 16;

/// Load, lint, generate and render one spec, in memory.
pub fn generate_source(spec_path: &Path) -> Result<(String, generate::Generated), Diagnostics> {
    generate_source_with(spec_path, Options::default())
}

/// [`generate_source`] with `options`.
pub fn generate_source_with(spec_path: &Path, options: Options) -> Result<(String, generate::Generated), Diagnostics> {
    let spec = Spec::load(spec_path)?;
    generate_loaded(&spec, options)
}

/// Lint, generate and render a loaded spec, in memory.
pub fn generate_spec(spec: &Spec) -> Result<String, Diagnostics> {
    generate_loaded(spec, Options::default()).map(|(source, _)| source)
}

fn generate_loaded(spec: &Spec, options: Options) -> Result<(String, generate::Generated), Diagnostics> {
    let (mut spec, mut warnings) = repair::repair(spec, options.allow_skips);
    if options.allow_skips {
        for _ in 0..SKIP_ROUNDS {
            let findings = lint::findings(&spec);
            let Some(skipped) = repair::operations_of(&spec.tree, &findings).filter(|s| !s.is_empty()) else { break };
            for finding in findings {
                let mut warning = finding.diagnostic;
                warning.message = format!("operation skipped: {}", warning.message);
                warnings.push(warning);
            }
            let mut tree = spec.tree.clone();
            repair::without_operations(&mut tree, &skipped);
            spec = std::borrow::Cow::Owned(spec.with_tree(tree));
        }
    }
    let mut api = lint::lint(&spec)?;
    let mut degraded = 0;
    let mut generated = loop {
        let failure = match generate::generate(&spec, &api) {
            Ok(generated) => break generated,
            Err(failure) => failure,
        };
        let Some(culprit) = &failure.culprit else { return Err(failure.diagnostics) };
        if !options.allow_skips || degraded == DEGRADE_ROUNDS {
            return Err(failure.diagnostics);
        }
        degraded += 1;
        let mut tree = spec.tree.clone();
        let generate::Culprit::Schemas(names) = culprit;
        for name in names {
            repair::free_form_schema(&mut tree, name);
        }
        let what = "schema read as free-form JSON";
        warnings.extend(failure.diagnostics.0.into_iter().map(|mut warning| {
            warning.message = format!("{what}: {}", warning.message);
            warning
        }));
        spec = std::borrow::Cow::Owned(spec.with_tree(tree));
        api = lint::lint(&spec)?;
    };
    warnings.sort_by_key(|w| w.location);
    generated.warnings = warnings;
    let source = render::render(&spec, &generated);
    Ok((source, generated))
}

/// Everything `generate` does to one spec, writing nothing: a spec passes
/// `check` exactly when `generate` would take it. (The file name is not
/// checked: a vendor's published spec is checked under its own name, and
/// renamed to `lower_snake_case.yaml` when it joins `specs/`.)
///
/// On success, the warnings of the repairs it took to read the spec.
pub fn check(spec_path: &Path) -> Result<Vec<Diagnostic>, Diagnostics> {
    check_with(spec_path, Options::default())
}

/// [`check`] with `options`.
pub fn check_with(spec_path: &Path, options: Options) -> Result<Vec<Diagnostic>, Diagnostics> {
    generate_source_with(spec_path, options).map(|(_, generated)| generated.warnings)
}

/// Anything that stops a run.
#[derive(Debug)]
pub enum Error {
    /// One or more specs are wrong; every problem is listed.
    Spec(Diagnostics),
    /// The file system refused something.
    Io { path: PathBuf, source: std::io::Error },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(d) => write!(f, "{d}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Spec(d) => Some(d),
            Error::Io { source, .. } => Some(source),
        }
    }
}

/// What a generation run did to one file.
#[derive(Debug, Clone)]
pub struct Written {
    pub output: Output,
    /// False when the file already had these exact bytes.
    pub changed: bool,
}

/// Configuration of a generation run, in the style of `prost_build::Config`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    specs: Vec<PathBuf>,
    specs_dirs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    options: Options,
}

impl Config {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one spec file.
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.specs.push(path.into());
        self
    }

    /// Add every `*.yaml`, `*.yml` and `*.json` file directly inside `dir`.
    pub fn specs_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.specs_dirs.push(dir.into());
        self
    }

    /// Where generated files go (default: `generated`).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generate what can be generated from specs with defects, skipping
    /// the operations lint rejects, each with a warning (see
    /// [`Options::allow_skips`]). Off by default.
    pub fn allow_skips(&mut self, allow: bool) -> &mut Self {
        self.options.allow_skips = allow;
        self
    }

    /// The spec files of this run, sorted, so output order is stable.
    pub fn spec_paths(&self) -> Result<Vec<PathBuf>, Error> {
        let mut paths = self.specs.clone();
        for dir in &self.specs_dirs {
            let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
            for entry in entries {
                let path = entry.map_err(|source| Error::Io { path: dir.clone(), source })?.path();
                if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// Generate every spec in memory. Nothing is written; all diagnostics
    /// of all specs are collected. Specs are independent of each other, so
    /// they are generated side by side, one thread per core; the outputs
    /// keep the order of [`spec_paths`](Self::spec_paths).
    pub fn render_all(&self) -> Result<Vec<Output>, Error> {
        let out_dir = self.out_dir.clone().unwrap_or_else(|| PathBuf::from("generated"));
        let specs = self.spec_paths()?;
        let render = |spec: &PathBuf| -> Result<Output, Vec<Diagnostic>> {
            let started = Instant::now();
            let name = target_name(spec).map_err(|d| vec![d])?;
            let (source, generated) = generate_source_with(spec, self.options).map_err(|d| d.0)?;
            Ok(Output {
                target: out_dir.join(format!("{name}.rs")),
                spec: spec.clone(),
                source,
                operations: generated.operations,
                types: generated.types,
                elapsed: started.elapsed(),
                warnings: generated.warnings,
            })
        };
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(specs.len());
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut rendered: Vec<(usize, Result<Output, Vec<Diagnostic>>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(spec) = specs.get(at) else { return done };
                            done.push((at, render(spec)));
                        }
                    })
                })
                .collect();
            // A worker that panicked takes the run down as a sequential one would.
            workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
        });
        rendered.sort_by_key(|(at, _)| *at);
        let mut outputs = Vec::new();
        let mut problems = Vec::new();
        for (_, result) in rendered {
            match result {
                Ok(output) => outputs.push(output),
                Err(diagnostics) => problems.extend(diagnostics),
            }
        }
        if problems.is_empty() { Ok(outputs) } else { Err(Error::Spec(Diagnostics(problems))) }
    }

    /// Generate every spec and write the files that changed. If any spec
    /// fails, nothing at all is written.
    pub fn generate(&self) -> Result<Vec<Written>, Error> {
        let outputs = self.render_all()?;
        outputs
            .into_iter()
            .map(|output| {
                let changed = write::write_if_changed(&output.target, &output.source)
                    .map_err(|source| Error::Io { path: output.target.clone(), source })?;
                Ok(Written { output, changed })
            })
            .collect()
    }

    /// The generated files that differ from what the specs generate now.
    pub fn stale(&self) -> Result<Vec<Output>, Error> {
        Ok(self.render_all()?.into_iter().filter(|o| std::fs::read(&o.target).map_or(true, |old| old != o.source.as_bytes())).collect())
    }
}

/// The module name a spec generates: its file stem, which must be a Rust
/// identifier because it becomes `botapis::<stem>`.
fn target_name(spec: &Path) -> Result<String, Diagnostic> {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
    let valid = !stem.is_empty()
        && stem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !stem.starts_with(|c: char| c.is_ascii_digit());
    if valid {
        Ok(stem)
    } else {
        Err(Diagnostic::new(
            spec,
            Location::START,
            format!("the file name `{stem}` cannot name a Rust module"),
            "rename the spec to lower_snake_case, e.g. `specs/my_vendor.yaml`",
        ))
    }
}
