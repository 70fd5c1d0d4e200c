//! What a request's `send()` returns: the call on its way.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::Response;

/// A request on its way. `.await` it for the decoded value, or await
/// [`with_response`](Sending::with_response) for the value with the
/// answer's status and headers ([`Response`]), the way Stainless SDKs keep
/// the raw response one call away.
///
/// It owns what it needs (a clone of the client among it), so it is
/// `Send + 'static`: it can be spawned, kept in a struct, or awaited in an
/// axum handler. Nothing is sent until it is first polled.
///
/// ```no_run
/// # #[cfg(feature = "watbot")]
/// # async fn f(client: botapis::watbot::Client) -> Result<(), botapis::watbot::Error> {
/// // The value alone:
/// let account = client.get_me().send().await?;
/// // The value with the status and headers:
/// let response = client.get_me().send().with_response().await?;
/// println!("{} {:?}", response.status(), response.headers().get("x-ratelimit-remaining"));
/// // On another task:
/// let handle = tokio::spawn(client.get_me().send());
/// let account = handle.await.expect("the task ran")?;
/// # let _ = account; Ok(()) }
/// ```
#[must_use = "a request does nothing until it is awaited"]
pub struct Sending<T, E> {
    call: Pin<Box<dyn Future<Output = Result<Response<T>, E>> + Send>>,
}

impl<T, E> Sending<T, E> {
    /// The call `call` makes, boxed once: a caller's future that awaits
    /// many calls holds a pointer to each, not its whole state.
    #[doc(hidden)]
    pub fn new(call: impl Future<Output = Result<Response<T>, E>> + Send + 'static) -> Self {
        Sending { call: Box::pin(call) }
    }

    /// The value with the answer's status and headers.
    pub fn with_response(self) -> impl Future<Output = Result<Response<T>, E>> + Send + 'static
    where
        T: 'static,
        E: 'static,
    {
        self.call
    }
}

impl<T, E> Future for Sending<T, E> {
    type Output = Result<T, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.call.as_mut().poll(cx).map(|answer| answer.map(Response::into_inner))
    }
}

impl<T, E> fmt::Debug for Sending<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sending").finish_non_exhaustive()
    }
}
