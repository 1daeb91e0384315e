namespace DeviceTrust.Cli.Attestation;

/// <summary>The readable report of <c>eat decode</c> and <c>eat verify</c>, signed and MACed evidence alike.</summary>
public static class EatTextReport
{
    public static void Write(TextWriter output, EatInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inspection);
        var envelope = inspection.Envelope;
        output.WriteLine($"EAT ({inspection.Length} bytes, {inspection.Wrapping})");
        output.WriteLine($"  tags:  {envelope.Tags}");
        output.WriteLine($"  alg:   {envelope.Algorithm}");
        output.WriteLine($"  kid:   {envelope.KeyIdHex ?? "(none)"}");
        output.WriteLine($"  typ:   {envelope.Type ?? "(none)"}");
        output.WriteLine("Claims:");
        WriteEntries(output, inspection.Claims, "  ");
        if (inspection.ProfileProblems.Count == 0)
        {
            output.WriteLine("Profile: follows the DeviceTrust EAT profile");
        }
        else
        {
            output.WriteLine($"Profile: does not follow the DeviceTrust EAT profile ({inspection.ProfileProblems.Count} problem(s))");
            foreach (var problem in inspection.ProfileProblems)
                output.WriteLine($"  - {problem}");
        }
        if (inspection.Verification is { } verification)
        {
            output.WriteLine($"Verification with {verification.KeySource}: {(verification.IsVerified ? "VERIFIED" : "NOT VERIFIED")}");
            output.WriteLine($"  {verification.Proof + ":",-10} {Mark(verification.ProofValid)} {verification.ProofDetail}");
            output.WriteLine(verification.KeyIdMatches is { } kid
                ? $"  kid:       {Mark(kid)} {verification.KeyIdDetail}"
                : $"  kid:       {verification.KeyIdDetail}");
            output.WriteLine(verification.NonceMatches is { } nonce
                ? $"  nonce:     {Mark(nonce)} {verification.NonceDetail}"
                : "  nonce:     not checked (no --nonce)");
        }
    }

    /// <summary>Writes entries as "name: value", a group's entries indented below it.</summary>
    internal static void WriteEntries(TextWriter output, IReadOnlyList<ClaimEntry> entries, string indent)
    {
        foreach (var entry in entries)
        {
            output.WriteLine(entry.Value is null ? $"{indent}{entry.Name}:" : $"{indent}{entry.Name}: {entry.Value}");
            WriteEntries(output, entry.Children, indent + "  ");
        }
    }

    private static string Mark(bool ok) => ok ? "ok  " : "FAIL";
}
