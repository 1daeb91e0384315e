using DeviceTrust.Cli.Attestation;
using DeviceTrust.Cose.Cbor;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Outline;

namespace DeviceTrust.Cli.Suit;

/// <summary>
/// A decoded SUIT envelope as <c>suit inspect</c> reports it: how the file carried it, the library's outline of it (the
/// one model every view of a manifest shares), and the CBOR diagnostic notation (RFC 8949 §8) of the envelope and of
/// the manifest inside its byte string.
/// </summary>
public sealed record SuitInspection(string Wrapping, int Length, SuitOutlineNode Outline, string EnvelopeDiagnostic, string ManifestDiagnostic)
{
    /// <exception cref="SuitFormatException">Not a well-formed SUIT envelope.</exception>
    public static (SuitEnvelope Envelope, SuitInspection Inspection) Decode(EatInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var envelope = SuitEnvelope.Decode(input.Data);
        // The manifest member is a byte string whose content is the manifest: shown decoded as well, since the
        // envelope's notation shows it as h'…' (CborDiagnostic writes no embedded <<…>>).
        var manifest = StrictCbor.Reader(envelope.EncodedManifest).ReadByteString();
        return (envelope, new SuitInspection(input.Wrapping, input.Data.Length, SuitOutline.Of(envelope),
            CborDiagnostic.Write(input.Data), CborDiagnostic.Write(manifest)));
    }
}
