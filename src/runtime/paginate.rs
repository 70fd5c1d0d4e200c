//! Streams over every item of every page, for the operations a spec marks
//! with `x-botapis-pagination`. They are `Send`, so a handler or a task that
//! must be `Send` (axum's) can read them.

use std::future::Future;
use std::pin::Pin;

use futures::Stream;
use futures::stream::{self, TryStreamExt};

/// A stream of a paged call: `Send` and owning what it reads.
pub type Paged<T, E> = Pin<Box<dyn Stream<Item = Result<T, E>> + Send + 'static>>;

/// Where the next page starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// Page numbers, counted from the first page.
    Page(u64),
    /// An offset in items.
    Offset(u64),
}

impl Cursor {
    /// The page number or the offset.
    pub fn position(self) -> u64 {
        match self {
            Cursor::Page(n) | Cursor::Offset(n) => n,
        }
    }
}

/// The items of every page of `pages`, in order.
pub fn flatten<P, I, E>(pages: Paged<P, E>, items: fn(P) -> Vec<I>) -> Paged<I, E>
where
    P: Send + 'static,
    I: Send + 'static,
    E: Send + 'static,
{
    Box::pin(pages.map_ok(move |page| stream::iter(items(page).into_iter().map(Ok))).try_flatten())
}

/// Every page, whole and in order: what [`flatten`] flattens. `fetch` gets one
/// page at a cursor and returns it with the next cursor (None after the
/// last page).
pub fn pages<P, E, F, Fut>(first: Cursor, mut fetch: F) -> Paged<P, E>
where
    P: Send + 'static,
    E: Send + 'static,
    F: FnMut(Cursor) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(P, Option<Cursor>), E>> + Send + 'static,
{
    Box::pin(stream::try_unfold(Some(first), move |cursor| {
        let page = cursor.map(&mut fetch);
        async move {
            match page {
                None => Ok(None),
                Some(page) => {
                    let (page, next) = page.await?;
                    Ok(Some((page, next)))
                }
            }
        }
    }))
}

/// The cursor after a page of `got` items, for vendors that say nothing of
/// the next page: a short (or empty) page is the last.
pub fn after(cursor: Cursor, got: usize, page_size: u64) -> Option<Cursor> {
    if (got as u64) < page_size || got == 0 {
        return None;
    }
    Some(match cursor {
        Cursor::Page(n) => Cursor::Page(n + 1),
        Cursor::Offset(n) => Cursor::Offset(n + got as u64),
    })
}
