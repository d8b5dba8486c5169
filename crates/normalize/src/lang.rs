//! Language detection (whatlang) on the start of the cleaned text.

/// ISO 639-3 code of `text`'s language, judged on its first `sample` bytes, when whatlang calls
/// the result reliable.
pub fn detect(text: &str, sample: usize) -> Option<&'static str> {
    // The start of an article is enough to tell its language, and detection cost grows with length.
    let mut end = sample.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    info.is_reliable().then(|| info.lang().code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_reliable_languages_only() {
        let english = "The US said on Wednesday it will send 3,000 extra troops to Poland and Romania to reinforce \
                       Eastern European Nato allies in the face of what Washington describes as a Russian threat.";
        let french = "La France a proposé d'envoyer des troupes en Roumanie dans le cadre d'une future mission de \
                      l'Otan, afin de rassurer ce pays de la mer Noire face aux tensions avec la Russie.";
        assert_eq!(detect(english, 2000), Some("eng"));
        assert_eq!(detect(french, 2000), Some("fra"));
        assert_eq!(detect("ok", 2000), None);
        assert_eq!(detect("", 2000), None);
        // a sample cut inside a multi-byte character backs off to a boundary
        assert_eq!(detect("é", 1), None);
    }
}
