//! Every vendor on the wire, in one test binary: each module makes the
//! requests of its vendor's documentation through the client against
//! loopback mocks.
//!
//! After an unfiltered run, every operation of every spec in `specs/` must
//! have been sent (`support::sent` records what the clients send): a vendor
//! whose module is missing here, or an operation no test sends, fails the
//! run by name.

// A test missing from its module's `trials!` list would never run.
#![deny(dead_code)]

#[path = "../support/mod.rs"]
mod support;

mod imbachat;
mod okeybot;
mod salebot;
mod smsgold;
mod watbot;

use std::process::ExitCode;

use libtest_mimic::{Arguments, Trial};

/// `trials! { async: a, b; sync: c; }` in a vendor module: its tests, named
/// `<vendor>::<test>` as the built-in harness would name them. Each async
/// test gets a current-thread runtime, as `#[tokio::test]` gives.
#[macro_export]
macro_rules! trials {
    (async: $($a:ident),* $(,)?; sync: $($s:ident),* $(,)?;) => {
        pub fn trials() -> Vec<libtest_mimic::Trial> {
            let vendor = module_path!().rsplit("::").next().unwrap_or_default();
            vec![
                $(libtest_mimic::Trial::test(format!("{vendor}::{}", stringify!($a)), || {
                    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on($a());
                    Ok(())
                }),)*
                $(libtest_mimic::Trial::test(format!("{vendor}::{}", stringify!($s)), || {
                    $s();
                    Ok(())
                }),)*
            ]
        }
    };
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let sent = support::sent::record_globally();
    let trials: Vec<Trial> =
        [imbachat::trials(), okeybot::trials(), salebot::trials(), smsgold::trials(), watbot::trials()].into_iter().flatten().collect();
    let whole_run = args.filter.is_none() && args.skip.is_empty() && !args.list && !args.ignored;
    let conclusion = libtest_mimic::run(&args, trials);
    if conclusion.has_failed() || !whole_run {
        return conclusion.exit_code();
    }
    let declared = support::sent::declared();
    let sent = sent.operations();
    let never: Vec<String> = declared.difference(&sent).map(|(v, op)| format!("{v}::{op}")).collect();
    if !never.is_empty() {
        eprintln!("never sent on the wire by any test: {never:?}");
        return ExitCode::FAILURE;
    }
    println!("every one of the {} operations of specs/ was sent on the wire", declared.len());
    ExitCode::SUCCESS
}
