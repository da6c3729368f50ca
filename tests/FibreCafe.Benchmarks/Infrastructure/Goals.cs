namespace FibreCafe.Benchmarks.Infrastructure;

/// <summary>
/// Appends one line per goal of issue 7 to <c>goals.tsv</c> (or, for the profiling variants, to
/// <c>diagnostics.tsv</c>), from which run.sh builds the summary tables.
/// </summary>
internal static class Goals
{
    public static void Append(string resultsDirectory, string goal, string target, string measured, bool passed, bool diagnostic = false) =>
        Append(resultsDirectory, goal, target, measured, passed ? "pass" : "FAIL", diagnostic);

    public static void Append(string resultsDirectory, string goal, string target, string measured, string result, bool diagnostic = false)
    {
        Directory.CreateDirectory(resultsDirectory);
        File.AppendAllText(
            Path.Combine(resultsDirectory, diagnostic ? "diagnostics.tsv" : "goals.tsv"),
            string.Join('\t', goal, target, measured, result) + Environment.NewLine);
    }
}
