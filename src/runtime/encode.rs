//! Re-encoding a request body that the engine built as JSON into what the
//! vendor's wire format is: a multipart form, or query parameters.
//!
//! The engine cannot emit multipart bodies or free-form query objects, so
//! the generator hands it those operations with a JSON body and marks them;
//! this runs in the `pre` hook, after credentials are placed in the body.

use bytes::Bytes;
use http_body_util::BodyExt;

use super::credentials::json_body;
use super::request::fields;

/// How an operation's body goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// As the engine built it.
    AsBuilt,
    /// `multipart/form-data`; arrays as `name[0]`, `name[1]`, ... and
    /// objects as `name[key]`, the PHP convention the vendors read.
    Multipart,
    /// Every field of the JSON object becomes a query parameter, for a
    /// free-form query (`?var1=a&var2=b`).
    QueryObject,
}

/// Re-encode `request`'s JSON body as `encoding` says.
pub async fn reencode(http: &reqwest::Client, request: &mut reqwest::Request, encoding: BodyEncoding) -> Result<(), String> {
    match encoding {
        BodyEncoding::AsBuilt => Ok(()),
        BodyEncoding::QueryObject => {
            let body = json_body(request)?;
            let pairs = fields(&body);
            request.url_mut().query_pairs_mut().extend_pairs(pairs);
            *request.body_mut() = None;
            request.headers_mut().remove(reqwest::header::CONTENT_TYPE);
            Ok(())
        }
        BodyEncoding::Multipart => {
            let body = json_body(request)?;
            let mut form = reqwest::multipart::Form::new();
            for (name, value) in fields(&body) {
                form = form.text(name, value);
            }
            // reqwest encodes the form as a stream; collecting it keeps the
            // body replayable for retries.
            let mut encoded = http
                .post(request.url().clone())
                .multipart(form)
                .build()
                .map_err(|e| format!("cannot encode the form: {}", e.without_url()))?;
            let content_type = encoded
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .cloned()
                .ok_or("the form has no content type")?;
            let bytes: Bytes = match encoded.body_mut().take() {
                Some(body) => collect(body).await?,
                None => Bytes::new(),
            };
            request.headers_mut().insert(reqwest::header::CONTENT_TYPE, content_type);
            *request.body_mut() = Some(bytes.into());
            Ok(())
        }
    }
}

async fn collect(body: reqwest::Body) -> Result<Bytes, String> {
    if let Some(bytes) = body.as_bytes() {
        return Ok(Bytes::copy_from_slice(bytes));
    }
    body.collect()
        .await
        .map(|c| c.to_bytes())
        .map_err(|e| format!("cannot encode the form: {e}"))
}
