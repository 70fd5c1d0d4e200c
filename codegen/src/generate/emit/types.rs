//! What we add to the engine's types: the string and integer enums that
//! are ours, and
//! a `Default` where every field can be empty but the engine gives none.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use typify::{TypeDetails, TypeSpace};

use crate::load::Spec;
use crate::load::positions::escape;
use crate::model::Api;

use super::super::lower::{IntEnum, TextEnum};
use super::super::names::{Case, sanitize, verbatim_ident};

/// A string enum of `types`, open to values the vendor adds later: what
/// the engine would write, with `Unknown`.
pub fn text_enum(e: &TextEnum) -> TokenStream {
    let name = verbatim_ident(&e.name);
    let type_name = &e.name;
    let doc = e.doc.clone().unwrap_or_else(|| format!("`{}`", e.name));
    let variants: Vec<syn::Ident> = e.variants.iter().map(|(v, _)| verbatim_ident(v)).collect();
    let values: Vec<&String> = e.variants.iter().map(|(_, value)| value).collect();
    quote! {
        #[doc = #doc]
        #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum #name {
            #(#[serde(rename = #values)] #variants,)*
            /// A value this version of the client does not know: the vendor
            /// added it after the spec was written. It cannot be sent back.
            #[serde(other, skip_serializing)]
            Unknown,
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown => "(unknown)",
                })
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::runtime::UnknownValue;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value {
                    #(#values => Ok(Self::#variants),)*
                    _ => Err(crate::runtime::UnknownValue { type_name: #type_name, value: value.to_string() }),
                }
            }
        }
    }
}

/// An integer enum of `types` (`room_type: 0 | 1 | 3`), which the engine
/// makes no Rust enum of: named variants for the codes the spec names, and
/// `Unknown(code)` for one the vendor adds later. It travels as its code,
/// and decodes from a quoted one too.
pub fn int_enum(e: &IntEnum) -> TokenStream {
    let name = verbatim_ident(&e.name);
    let doc = e.doc.clone().unwrap_or_else(|| format!("`{}`", e.name));
    let variants: Vec<syn::Ident> = e.variants.iter().map(|(v, ..)| verbatim_ident(v)).collect();
    let codes: Vec<proc_macro2::Literal> = e.variants.iter().map(|(_, code, _)| proc_macro2::Literal::i64_unsuffixed(*code)).collect();
    let docs = e.variants.iter().map(|(_, code, description)| description.clone().unwrap_or_else(|| format!("`{code}`")));
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #docs] #variants,)*
            /// A code this version of the client does not know: the vendor
            /// added it after the spec was written.
            Unknown(i64),
        }

        impl #name {
            /// The integer the vendor uses for this value.
            pub fn code(self) -> i64 {
                match self {
                    #(Self::#variants => #codes,)*
                    Self::Unknown(code) => code,
                }
            }

            /// The value of the vendor's integer `code`.
            pub fn from_code(code: i64) -> Self {
                match code {
                    #(#codes => Self::#variants,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.code())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::num::ParseIntError;

            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                text.trim().parse().map(Self::from_code)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::lenient::code(deserializer).map(Self::from_code)
            }
        }
    }
}

/// `impl Default` for each struct of `space` whose fields are all lists,
/// maps or optional, one of them required (or a map of extra fields): the
/// engine derives `Default` only when none is, though users of an SDK
/// expect `..Default::default()` to work on such a struct.
pub fn defaults(space: &TypeSpace) -> TokenStream {
    let emptiable = |id: &typify::TypeId| {
        space
            .get_type(id)
            .is_ok_and(|t| matches!(t.details(), TypeDetails::Option(_) | TypeDetails::Vec(_) | TypeDetails::Map(..) | TypeDetails::Set(_)))
    };
    let impls = space.iter_types().filter_map(|ty| {
        let TypeDetails::Struct(st) = ty.details() else {
            return None;
        };
        let fields: Vec<_> = st.properties_info().collect();
        let wanted = !fields.is_empty()
            && fields.iter().any(|f| f.required)
            && fields.iter().all(|f| emptiable(&f.type_id))
            && !ty.has_impl(typify::TypeSpaceImpl::Default);
        if !wanted {
            return None;
        }
        let name = format_ident!("{}", ty.name());
        let fields = fields.iter().map(|f| format_ident!("{}", f.name));
        Some(quote!(crate::runtime::empty_default!(#name { #(#fields),* });))
    });
    quote!(#(#impls)*)
}

/// An alias for each component the engine defines no type of its own for
/// (a bare scalar it writes as a standard or external type where it is
/// used): our layer names every component as `types::Name`, so each such
/// name is the standard type of its schema.
pub fn aliases(spec: &Spec, api: &Api, space: &TypeSpace, ours: &[String]) -> TokenStream {
    let Some(schemas) = spec.tree.pointer("/components/schemas").and_then(serde_json::Value::as_object) else {
        return quote!();
    };
    let defined: std::collections::HashSet<String> = space.iter_types().map(|t| t.name()).chain(ours.iter().cloned()).collect();
    let aliases = schemas.iter().filter_map(|(name, schema)| {
        let rust = sanitize(name, Case::Pascal);
        if defined.contains(&rust) || schema.get("x-rust-type").is_some() {
            return None;
        }
        let ty = super::inline_type(spec, api, schema, &format!("/components/schemas/{}", escape(name)));
        let ident = format_ident!("{}", rust);
        Some(quote!(pub type #ident = #ty;))
    });
    quote!(#(#aliases)*)
}
