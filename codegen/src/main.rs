//! `botapis-codegen`: regenerate, check, or lint the vendor specs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "botapis-codegen", version, about = "Generate botapis clients from OpenAPI specs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate every spec of SPECS_DIR into OUT_DIR.
    Generate {
        /// Write nothing; exit 1 naming every generated file that is stale.
        #[arg(long)]
        check: bool,
        #[arg(long, default_value = "specs")]
        specs_dir: PathBuf,
        #[arg(long, default_value = "generated")]
        out_dir: PathBuf,
    },
    /// Load and lint specs, without generating.
    Check {
        #[arg(required = true)]
        specs: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate {
            check,
            specs_dir,
            out_dir,
        } => generate(check, specs_dir, out_dir),
        Command::Check { specs } => {
            let mut failed = false;
            for spec in specs {
                match botapis_codegen::check(&spec) {
                    Ok(()) => println!("{}: ok", spec.display()),
                    Err(d) => {
                        eprintln!("{d}");
                        failed = true;
                    }
                }
            }
            if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
    }
}

fn generate(check: bool, specs_dir: PathBuf, out_dir: PathBuf) -> ExitCode {
    let mut config = botapis_codegen::Config::new();
    config.specs_dir(specs_dir).out_dir(out_dir);
    if check {
        return match config.stale() {
            Ok(stale) if stale.is_empty() => {
                println!("generated/ is up to date");
                ExitCode::SUCCESS
            }
            Ok(stale) => {
                for o in &stale {
                    eprintln!(
                        "{} is stale: regenerate it from {} with `cargo run -p botapis-codegen -- generate`",
                        o.target.display(),
                        o.spec.display()
                    );
                }
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    match config.generate() {
        Ok(written) => {
            println!("{:<28} {:>10} {:>6} {:>7} {:>9}  status", "spec", "operations", "types", "lines", "time");
            for w in &written {
                let o = &w.output;
                println!(
                    "{:<28} {:>10} {:>6} {:>7} {:>7.1}ms  {}",
                    o.spec.display(),
                    o.operations,
                    o.types,
                    o.lines(),
                    o.elapsed.as_secs_f64() * 1000.0,
                    if w.changed { format!("wrote {}", o.target.display()) } else { "unchanged".into() }
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
