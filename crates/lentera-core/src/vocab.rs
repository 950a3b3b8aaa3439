//! Closed vocabularies (types, statuses, roles…) with a stable code and labels in both languages.

/// Declares an enum whose variants have a stable snake_case code and Indonesian/English labels.
#[macro_export]
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $id:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }
            /// Parses the code, or a label in either language (case-insensitive), as found in
            /// imported spreadsheets.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                $(if s.eq_ignore_ascii_case($code) || s.eq_ignore_ascii_case($id) || s.eq_ignore_ascii_case($en) {
                    return Some($name::$variant);
                })+
                None
            }
            pub fn label(self, lang: $crate::i18n::Lang) -> &'static str {
                match self { $($name::$variant => lang.t($id, $en),)+ }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
