//! The bridge from the engine's client to [`call::run`](super::call::run),
//! until the operation layer is generated without the engine.
//!
//! The generated `ClientHooks::exec` hands every request to [`execute`],
//! which runs the call and gives the engine the answer's bytes to decode;
//! the generated `send` wraps the engine's call in [`finish`]. The engine's
//! own error keeps neither why a call failed nor what redacts it, so the
//! outcome of `run` travels from one to the other in a task-local.

use std::cell::RefCell;
use std::future::Future;

use bytes::Bytes;
use progenitor_client::{OperationInfo, ResponseValue};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::answer::Response;
use super::call::{self, Answer, Failed};
use super::{Error, Inner};

tokio::task_local! {
    static CALL: RefCell<Record>;
}

/// What `execute` leaves for `finish`. Not `Debug`: nothing in it is
/// redacted until an error needs it.
#[derive(Default)]
struct Record {
    outcome: Option<Result<Answer, Failed>>,
    /// Whether a success body that does not decode is salvaged
    /// ([`finish_lenient`]), which needs the answer's headers kept.
    salvages: bool,
}

/// The status the engine is shown for a call that failed: one no spec
/// documents, so the engine hands the call back as an unexpected response
/// and `finish` reports the failure `run` recorded.
const FAILED: u16 = 599;

/// Send `request` as the operation `info` names, and hand the engine its
/// success answer, read whole, to decode.
pub async fn execute(
    http: &reqwest::Client,
    inner: &Inner,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let operation = inner.vendor().operation(info.operation_id);
    let outcome = call::run(http, inner, operation, request).await;
    let shown = match &outcome {
        Ok(answer) => http::Response::builder()
            .status(answer.status)
            .body(answer.body.clone())
            .map(|mut response| {
                *response.headers_mut() = answer.headers.clone();
                response
            }),
        Err(_) => http::Response::builder().status(FAILED).body(Bytes::new()),
    };
    let shown = shown.unwrap_or_else(|_| http::Response::new(Bytes::new()));
    // Outside `finish` (a caller using the engine directly) there is no
    // record to keep, and nothing is lost.
    let _ = CALL.try_with(|c| {
        let mut record = c.borrow_mut();
        let outcome = outcome.map(|answer| {
            // Only an answer that may not match its type needs its headers
            // here: the engine keeps them for one that does.
            if record.salvages { answer } else { Answer { headers: HeaderMap::new(), ..answer } }
        });
        record.outcome = Some(outcome);
    });
    Ok(reqwest::Response::from(shown))
}

/// Run one call of the engine and map its outcome to the client's error.
pub async fn finish<T, E, V>(
    call: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
) -> Result<Response<T>, Error<V>>
where
    V: DeserializeOwned,
{
    finish_with(call, None).await
}

/// [`finish`] for an answer whose shape rests on one source: a success
/// body that does not match `T` still succeeds, with what of it decodes
/// and the body kept ([`Response::mismatch`]).
pub async fn finish_lenient<T, E, V>(
    call: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
) -> Result<Response<T>, Error<V>>
where
    T: DeserializeOwned,
    V: DeserializeOwned,
{
    finish_with(call, Some(Answer::lenient::<T, V>)).await
}

/// How a success body that did not decode as `T` is read instead.
type Salvage<T, V> = fn(Answer) -> Result<Response<T>, Error<V>>;

async fn finish_with<T, E, V>(
    call: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    salvage: Option<Salvage<T, V>>,
) -> Result<Response<T>, Error<V>>
where
    V: DeserializeOwned,
{
    use progenitor_client::Error as Engine;
    let record = Record { salvages: salvage.is_some(), ..Record::default() };
    let (outcome, record) = CALL
        .scope(RefCell::new(record), async {
            let outcome = call.await;
            (outcome, CALL.with(|c| c.take()))
        })
        .await;
    let answer = match (record.outcome, outcome) {
        (Some(Err(failed)), _) => return Err(failed.into_error()),
        (_, Ok(value)) => {
            let status = value.status();
            let headers = value.headers().clone();
            return Ok(Response::new(status, headers, value.into_inner(), None));
        }
        // Refused before anything was sent: an argument, or the `pre` hook.
        (_, Err(Engine::InvalidRequest(why) | Engine::Custom(why))) => return Err(Error::InvalidRequest(why)),
        (Some(Ok(answer)), Err(error)) => (answer, error),
        (None, Err(Engine::CommunicationError(source) | Engine::ResponseBodyError(source) | Engine::InvalidUpgrade(source))) => {
            return Err(Failed::engine(source).into_error());
        }
        // `execute` records every answer it hands the engine: none to report.
        (None, Err(_)) => return Err(Error::InvalidRequest("the engine answered a call it did not send".to_string())),
    };
    match answer {
        (answer, Engine::InvalidResponsePayload(_, source)) => match salvage {
            Some(salvage) => salvage(answer),
            None => Err(answer.decode_failure(&source)),
        },
        // A success status the spec does not document (a 2xx other than the
        // one documented, say): reported with what came, not decoded.
        (answer, _) => Err(Failed::undocumented(answer).into_error()),
    }
}
