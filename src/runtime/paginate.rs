//! Streams over every item of every page, for the operations a spec marks
//! with `x-botapis-pagination`. They are `Send`, so a handler or a task that
//! must be `Send` (axum's) can read them.

use std::future::Future;
use std::pin::Pin;

use futures::Stream;
use futures::stream::{self, TryStreamExt};

/// Where the next page starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// Page numbers, counted from the first page.
    Page(u64),
    /// An offset in items.
    Offset(u64),
}

/// All items of all pages, in order. `fetch` gets one page at a cursor and
/// returns its items and the next cursor (None after the last page). Pages
/// are fetched one at a time, as the stream is read.
pub fn items<'a, I, E, F, Fut>(first: Cursor, mut fetch: F) -> Pin<Box<dyn Stream<Item = Result<I, E>> + Send + 'a>>
where
    I: Send + 'a,
    E: Send + 'a,
    F: FnMut(Cursor) -> Fut + Send + 'a,
    Fut: Future<Output = Result<(Vec<I>, Option<Cursor>), E>> + Send + 'a,
{
    Box::pin(
    stream::try_unfold(Some(first), move |cursor| {
        let page = cursor.map(&mut fetch);
        async move {
            match page {
                None => Ok(None),
                Some(page) => {
                    let (items, next) = page.await?;
                    Ok(Some((stream::iter(items.into_iter().map(Ok)), next)))
                }
            }
        }
    })
    .try_flatten())
}

/// Every page, whole and in order: what [`items`] flattens. `fetch` gets one
/// page at a cursor and returns it with the next cursor (None after the
/// last page).
pub fn pages<'a, P, E, F, Fut>(first: Cursor, mut fetch: F) -> Pin<Box<dyn Stream<Item = Result<P, E>> + Send + 'a>>
where
    P: Send + 'a,
    E: Send + 'a,
    F: FnMut(Cursor) -> Fut + Send + 'a,
    Fut: Future<Output = Result<(P, Option<Cursor>), E>> + Send + 'a,
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

