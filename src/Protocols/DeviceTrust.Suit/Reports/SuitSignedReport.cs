using System.Security.Cryptography;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit.Reports;

/// <summary>
/// A signed SUIT report as received: the COSE_Sign1_Tagged (tag 18, alg protected, payload attached) and the report its
/// payload decodes to. Decoding checks the form; <see cref="Verify"/> checks the signature. Use <see cref="Report"/>
/// only after <see cref="Verify"/> returned true.
/// </summary>
public sealed class SuitSignedReport
{
    private const string Where = "SUIT_Report_COSE_Sign1";

    private SuitSignedReport(CoseSign1 message, SuitReport report)
    {
        Message = message;
        Report = report;
    }

    public CoseSign1 Message { get; }

    public SuitReport Report { get; }

    /// <exception cref="SuitFormatException">Not a tagged COSE_Sign1 with a protected alg and an attached payload that
    /// is a well-formed SUIT_Report; the message names where.</exception>
    public static SuitSignedReport Decode(ReadOnlySpan<byte> encoded)
    {
        CoseSign1 message;
        try
        {
            message = CoseSign1.Decode(encoded, requireProtectedAlg: true);
        }
        catch (CborFormatException e)
        {
            throw new SuitFormatException(Where, $"{e.Where}: {e.What}", e);
        }
        catch (NotSupportedException e)
        {
            throw new SuitFormatException(Where, e.Message, e);
        }
        if (!message.IsTagged || message.IsCwtTagged)
            throw new SuitFormatException(Where, $"a SUIT report is carried in COSE_Sign1_Tagged (tag {CoseTags.Sign1})");
        if (message.Payload is not { } payload)
            throw new SuitFormatException(Where, "the payload is the SUIT_Report, and is nil");
        SuitReport report;
        try
        {
            report = SuitReport.Decode(payload.Span);
        }
        catch (SuitFormatException e)
        {
            throw new SuitFormatException($"{Where}/2 (payload)/{e.Where}", e.What, e);
        }
        return new SuitSignedReport(message, report);
    }

    /// <summary>True when the signature verifies with the device's public key: ES256 (-7), or ESP256 (-9), on P-256.
    /// False for a wrong signature, another key, or another algorithm.</summary>
    public bool Verify(ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (Message.Algorithm.Integer is not (CoseAlgorithms.ES256 or CoseAlgorithms.ESP256))
            return false;
        return Message.Verify(publicKey);
    }
}
