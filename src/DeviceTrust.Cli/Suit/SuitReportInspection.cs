using DeviceTrust.Cli.Attestation;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Cli.Suit;

/// <summary>
/// A decoded SUIT report as <c>suit report</c> shows it: how the file carried it, the report, the COSE_Sign1 around it
/// (null for a bare SUIT_Report), and the CBOR diagnostic notation (RFC 8949 §8) of the report and of the message.
/// </summary>
public sealed record SuitReportInspection(string Wrapping, int Length, SuitReport Report, SuitSignedReport? Signed,
    string ReportDiagnostic, string? MessageDiagnostic)
{
    private const int MapMajorType = 5;

    /// <summary>The signature's algorithm, e.g. "ES256 (-7)"; null when the report is unsigned.</summary>
    public string? Algorithm => Signed?.Message.Algorithm is { } algorithm
        ? algorithm.Integer is { } number and >= int.MinValue and <= int.MaxValue ? CoseAlgorithms.Describe((int)number) : algorithm.ToString()
        : null;

    /// <exception cref="SuitFormatException">Neither a well-formed SUIT_Report_COSE_Sign1_Tagged nor a well-formed SUIT_Report.</exception>
    public static SuitReportInspection Decode(EatInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // draft-ietf-suit-report signs the report in a COSE_Sign1_Tagged; a bare SUIT_Report is a map, so a map head
        // (major type 5) is read as one and anything else as the signed form, whose errors then name the COSE_Sign1.
        if (input.Data.Length > 0 && input.Data[0] >> 5 == MapMajorType)
            return new(input.Wrapping, input.Data.Length, SuitReport.Decode(input.Data), null, CborDiagnostic.Write(input.Data), null);
        var signed = SuitSignedReport.Decode(input.Data);
        // The payload is a byte string in the message's notation (h'…'), so the report is shown decoded as well.
        return new(input.Wrapping, input.Data.Length, signed.Report, signed, CborDiagnostic.Write(signed.Message.Payload!.Value),
            CborDiagnostic.Write(input.Data));
    }
}

/// <summary>The outcome of <c>--key</c>: whether the signature verified with the key in <paramref name="KeyPath"/>, and
/// why not when it did not.</summary>
public sealed record SuitReportKeyCheck(string KeyPath, bool Verified, string? Reason);
