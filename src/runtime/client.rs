//! The part of every generated `Client` that is the same for all vendors:
//! its fields, how the builder assembles it, and the methods that make a
//! client with other settings. Written once here; the generator invokes it
//! with one line.

/// `pub struct $name`, the client of the vendor `$vendor`
/// (its `VendorInfo`), with `baseurl`, `with_timeout`, `with_deadline`
/// and `with_retry`, and the `GeneratedClient` impl the builder uses.
#[macro_export]
#[doc(hidden)]
macro_rules! generated_client {
    ($(#[$attr:meta])* $name:ident, $vendor:ident) => {
        $(#[$attr])*
        #[derive(Clone, Debug)]
        pub struct $name {
            baseurl: $crate::runtime::BaseUrl,
            client: ::reqwest::Client,
            inner: $crate::runtime::Inner,
        }

        impl $name {
            /// Put a client together from its parts (how
            /// `ClientBuilder` makes one).
            #[doc(hidden)]
            pub fn new_with_client(baseurl: &str, client: ::reqwest::Client, inner: $crate::runtime::Inner) -> Self {
                Self { baseurl: $crate::runtime::BaseUrl::new(baseurl), client, inner }
            }

            /// The base URL every call's path follows.
            pub fn baseurl(&self) -> &str {
                self.baseurl.as_str()
            }

            /// The runtime's state of this client: its credentials, limits
            /// and rate limiter.
            #[doc(hidden)]
            pub fn inner(&self) -> &$crate::runtime::Inner {
                &self.inner
            }

            /// This client with another timeout for each attempt of a call,
            /// for one call or a few (`client.with_timeout(Duration::from_secs(5))`,
            /// then the call). It shares this client's connections,
            /// credentials and rate limit; this client is unchanged.
            /// [`Self::with_deadline`] bounds a whole call.
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
                Self { baseurl: self.baseurl.clone(), client: self.client.clone(), inner: self.inner.with_timeout(timeout) }
            }

            /// This client with a deadline for each call: the wait for a
            /// rate-limit slot, every attempt and the backoff between them,
            /// and reading the answer, all within `deadline`
            /// (`ClientBuilder::deadline`). It shares this client's
            /// connections, credentials and rate limit; this client is
            /// unchanged.
            pub fn with_deadline(&self, deadline: ::std::time::Duration) -> Self {
                Self { baseurl: self.baseurl.clone(), client: self.client.clone(), inner: self.inner.with_deadline(deadline) }
            }

            /// This client with another retry policy, for one call or a few
            /// (`RetryPolicy::none()` to see the first failure). It shares
            /// this client's connections, credentials and rate limit; this
            /// client is unchanged.
            pub fn with_retry(&self, policy: $crate::runtime::RetryPolicy) -> Self {
                Self { baseurl: self.baseurl.clone(), client: self.client.clone(), inner: self.inner.with_retry(policy) }
            }
        }

        impl $crate::runtime::GeneratedClient for $name {
            const VENDOR: &'static $crate::runtime::VendorInfo = &$vendor;

            fn assemble(base_url: &str, http: ::reqwest::Client, inner: $crate::runtime::Inner) -> Self {
                Self::new_with_client(base_url, http, inner)
            }

            fn parts(&self) -> (&::reqwest::Client, &$crate::runtime::BaseUrl, &$crate::runtime::Inner) {
                (&self.client, &self.baseurl, &self.inner)
            }
        }
    };
}
