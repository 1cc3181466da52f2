//! One page per file, grouped by area.

pub mod account;
pub mod admin;
pub mod auth;
pub mod competency;
pub mod growth;
pub mod home;
pub mod mentorship;
pub mod not_found;
pub mod volunteers;

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir)
            .expect("read source folder")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Leptos renders a `<Suspense>` child that is a closure twice on the server (once to find
    /// the resources it reads, once for the HTML), so a closure that starts loading would run
    /// the page's queries twice. A page hands Suspense its `Suspend` itself.
    #[test]
    fn suspense_children_start_their_loading_once() {
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 40, "the sources were found");
        let mut offenders = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read source");
            let mut lines = text.lines().map(str::trim);
            while let Some(line) = lines.next() {
                if line.starts_with("<Suspense")
                    && lines
                        .next()
                        .is_some_and(|next| next.starts_with("{move ||"))
                {
                    offenders.push(file.display().to_string());
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "closures under <Suspense>: {offenders:?}"
        );
    }
}
