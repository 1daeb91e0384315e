namespace DeviceTrust.Cli.Attestation;

/// <summary>
/// One line of a readable claims report: a claim's name and its value as text, or a group (submods, a submodule) of
/// further entries. The text and JSON reports both render these, so they always show the same facts.
/// </summary>
public sealed record ClaimEntry(string Name, string? Value, IReadOnlyList<ClaimEntry> Children)
{
    public static ClaimEntry Leaf(string name, string value) => new(name, value, []);

    public static ClaimEntry Group(string name, IReadOnlyList<ClaimEntry> children, string? value = null) => new(name, value, children);
}
