/// The pre-commit hook `curate hooks install` writes: `hooks/pre-commit` of the
/// repository, embedded (a test keeps the two equal). `@CURATE_PATH@` becomes the path of
/// the curate that installed it.
public enum PreCommitHook {
    public static let marker = "# curate pre-commit hook"
    public static let placeholder = "@CURATE_PATH@"

    public static let template = #"""
        #!/bin/sh
        # curate pre-commit hook: refuses a commit whose staged curated posts have errors
        # (duplicates, empty placeholders, broken link lines ...). Installed by
        # `curate hooks install`; skip it once with `git commit --no-verify`.
        curate_installed='@CURATE_PATH@'

        if [ -n "${CURATE:-}" ] && [ -x "$CURATE" ]; then
            curate=$CURATE
        elif command -v curate >/dev/null 2>&1; then
            curate=$(command -v curate)
        elif [ -x "$curate_installed" ]; then
            curate=$curate_installed
        else
            echo "curate pre-commit: cannot find the curate binary (not on PATH, not at $curate_installed)." >&2
            echo "  Put curate on PATH (or set CURATE=/path/to/curate) and run 'curate hooks install' again;" >&2
            echo "  or skip the check once with 'git commit --no-verify'." >&2
            exit 1
        fi

        # A hook that was here before curate's, kept by 'curate hooks install --force' beside
        # this one (pre-commit.local, pre-merge-commit.local: the same script is both hooks).
        local_hook="$0.local"

        # The fast path: the last check recorded the paths whose staged change it looks at (the
        # configured posts, the files their links name, the configuration). When none of them is
        # staged and the configuration has not changed since, there is nothing to check. The
        # record also names the configuration paths looked up before the one found: a file at
        # one of them (in the work tree or staged) would take precedence, so curate runs.
        nothing_staged() {
            # Hooks run at the top of the work tree: .git is its git folder, unless a linked
            # work tree's .git file points elsewhere.
            if [ -z "${GIT_DIR:-}" ] && [ -d .git ]; then
                paths_file=.git/curate/hook-paths
            else
                paths_file=$(git rev-parse --git-path curate/hook-paths 2>/dev/null) || return 1
            fi
            [ -f "$paths_file" ] || return 1
            { IFS= read -r format && IFS= read -r config; } < "$paths_file" || return 1
            [ "$format" = "curate-hook-paths 2" ] && [ -f "$config" ] && [ "$paths_file" -nt "$config" ] || return 1
            set --
            {
                IFS= read -r _ && IFS= read -r _
                while IFS= read -r path && [ -n "$path" ]; do
                    if [ -e "$path" ] || [ -L "$path" ]; then return 1; fi
                    set -- "$@" ":(literal)$path"
                done
                while IFS= read -r path; do set -- "$@" ":(literal)$path"; done
            } < "$paths_file"
            [ "$#" -gt 0 ] && git diff --cached --quiet -- "$@"
        }

        if nothing_staged; then
            if [ -x "$local_hook" ]; then exec "$local_hook" "$@"; fi
            exit 0
        fi

        "$curate" check --staged
        status=$?
        if [ "$status" -eq 1 ]; then
            echo "curate: commit refused: fix the errors above (curate fmt fixes placeholders, numbering," >&2
            echo "  blank lines and tracking parameters), git add the post, and commit again;" >&2
            echo "  or skip the check once with 'git commit --no-verify'." >&2
            exit 1
        elif [ "$status" -ne 0 ]; then
            echo "curate: the pre-commit check could not run (exit $status); see the message above." >&2
            exit "$status"
        fi

        if [ -x "$local_hook" ]; then
            exec "$local_hook" "$@"
        fi
        exit 0

        """#
}
