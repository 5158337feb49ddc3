//! The invite a team's owner hands a colleague: the relay's address, the book's id, the
//! colleague's own key (registered at the relay by the owner, revocable) and the book's documents, as one line of text (`allybook-invite-1.` then base64url JSON) that can
//! also be saved as a file.

use allybook_core::{Error, Result};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

const PREFIX: &str = "allybook-invite-1.";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    pub relay: String,
    pub book: String,
    /// The key this invite lets in (its hash is at the relay; `team revoke` shuts it out).
    pub secret: String,
    pub docs: Vec<String>,
}

impl Invite {
    /// Writes the invite as a file readable by the user only (it lets whoever has it into the
    /// book).
    pub fn write_file(&self, path: &std::path::Path) -> Result<()> {
        allybook_core::files::write_private(path, format!("{}\n", self.encode()).as_bytes())
    }

    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(json))
    }

    /// Reads an invite as pasted (spaces and line breaks ignored), or says why it is not one.
    pub fn decode(text: &str) -> Result<Invite> {
        let text: String = text.split_whitespace().collect();
        let bad = |why: &str| {
            Error::invalid(
                "invite",
                format!("this is not an Allybook invite ({why}): paste the whole line the team's owner sent, starting with {PREFIX}"),
            )
        };
        let body = text
            .strip_prefix(PREFIX)
            .ok_or_else(|| bad("wrong start"))?;
        let json = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| bad("cut short or changed"))?;
        let invite: Invite =
            serde_json::from_slice(&json).map_err(|_| bad("cut short or changed"))?;
        let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex(&invite.book, 32) || !hex(&invite.secret, 64) {
            return Err(bad("its book id or secret is malformed"));
        }
        if invite.docs.len() != allybook_core::team::BUCKETS as usize {
            return Err(bad("its list of documents is incomplete"));
        }
        Ok(invite)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_reads_back_and_a_damaged_one_says_so() {
        let invite = Invite {
            relay: "ws://relay.example:3030".into(),
            book: "0123456789abcdef0123456789abcdef".into(),
            secret: "ab".repeat(32),
            docs: (0..16).map(|i| format!("doc{i}")).collect(),
        };
        let text = invite.encode();
        assert_eq!(Invite::decode(&text).expect("reads"), invite);
        // Pasted across lines from an e-mail.
        let wrapped = format!("  {}\n{}  ", &text[..40], &text[40..]);
        assert_eq!(Invite::decode(&wrapped).expect("reads"), invite);
        let err = Invite::decode(&text[..text.len() - 10]).expect_err("cut short");
        assert!(err.to_string().contains("cut short"), "{err}");
        let err = Invite::decode("hello").expect_err("not one");
        assert!(err.to_string().contains("not an Allybook invite"), "{err}");
    }
}
