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

        # A hook that was here before curate's, kept by 'curate hooks install --force'.
        local_hook="$(dirname "$0")/pre-commit.local"
        if [ -x "$local_hook" ]; then
            exec "$local_hook" "$@"
        fi
        exit 0

        """#
}
