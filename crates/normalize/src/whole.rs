//! Patterns asked one question only: does this text match as a whole? (The boilerplate lines,
//! the credit patterns.) Such a pattern needs a forward search and nothing else, so it is one
//! forward lazy DFA here. The regex crate would compile a reverse automaton beside the forward
//! one, for where matches start, twice the build time; and for the default boilerplate set that
//! reverse automaton needed more than its lazy DFA's cache allows, so the set dropped its lazy
//! DFA and searched with the PikeVM, about 1.6 µs a short paragraph against 42 ns here (and a
//! contributor line's pattern, on a whole paragraph, would take the PikeVM's 36 ns a byte where
//! it keeps matching, against the DFA's one or two).

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Hir, Look};

/// The size the regex crate allows a pattern's compiled automaton by default. (It applies the
/// limit to the reverse automaton too, about twice the forward one's size, which is not built
/// here: a set of patterns between the two is taken here, refused by the regex crate.)
const SIZE_LIMIT: usize = 10 << 20;

/// The lazy DFA's caches, in the pool the regex crate keeps its own in: a search takes one for
/// its time, so threads that search at once each have their own. A cache starts at a few hundred
/// KB for the default boilerplate patterns and grows to 2 MiB at most, as the regex crate's do.
type Caches = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>>;

/// Patterns, each matched against a whole text, as one forward lazy DFA.
#[derive(Debug)]
pub struct WholeMatch {
    dfa: Box<DFA>,
    caches: Caches,
}

impl WholeMatch {
    /// One pattern of the crate's own (a credit pattern), to match a whole text: it is valid and
    /// has no Unicode word boundary, so this cannot fail.
    pub fn builtin(pattern: &str) -> WholeMatch {
        let hir = whole(regex_syntax::Parser::new().parse(pattern).expect("a built-in pattern parses"));
        assert!(can_search(&hir), "a built-in pattern has no Unicode word boundary");
        WholeMatch::new(&[hir]).expect("a built-in pattern compiles")
    }

    /// `patterns`, each made a whole-text pattern by [`whole`], and each one [`can_search`]
    /// holds for; `None` when they make an automaton over [`SIZE_LIMIT`], or one whose lazy DFA
    /// needs more than its cache's 2 MiB to start.
    ///
    /// The DFA searches from the text's start only and answers at the first match (a match of a
    /// whole-text pattern ends at the text's end), and it cannot fail: it has no bytes it must
    /// stop at (a Unicode `\b` would need them: [`can_search`]) and never gives up when its
    /// cache fills: it clears the cache and goes on, where the regex crate would change to its
    /// PikeVM (on patterns made to thrash a lazy DFA, this took up to 2.4 times the regex set's
    /// time, often less).
    pub fn new(patterns: &[Hir]) -> Option<WholeMatch> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(SIZE_LIMIT)),
            )
            .build_many_from_hir(patterns)
            .ok()?;
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All).unicode_word_boundary(false))
            .build_from_nfa(nfa)
            .ok()?;
        let for_caches = dfa.clone();
        Some(WholeMatch {
            dfa: Box::new(dfa),
            caches: Pool::new(Box::new(move || for_caches.create_cache())),
        })
    }

    /// Whether some pattern matches all of `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let input = Input::new(text).anchored(Anchored::Yes).earliest(true);
        self.dfa
            .try_search_fwd(&mut self.caches.get(), &input)
            .expect("a lazy DFA with no quit bytes and no cache-clear limit cannot fail")
            .is_some()
    }
}

/// `pattern` to match a whole text: `^(?:pattern)$`.
pub fn whole(pattern: Hir) -> Hir {
    Hir::concat(vec![Hir::look(Look::Start), pattern, Hir::look(Look::End)])
}

/// Whether a lazy DFA can search for `pattern` without stopping at some bytes: it has no Unicode
/// word boundary (`\b` and `\B` outside `(?-u:…)`).
pub fn can_search(pattern: &Hir) -> bool {
    !pattern.properties().look_set().contains_word_unicode()
}
