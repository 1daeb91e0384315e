using System.Formats.Cbor;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Cose;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Cli.Vouchers;

/// <summary>Decodes a voucher in whichever envelope it came and checks its signature against --trust.</summary>
public static class VoucherInspector
{
    private const string NotChecked = "not checked (no --trust)";
    private const string JsonRequestTop = "ietf-voucher-request:voucher";

    /// <param name="trust">The signer's certificate (COSE) or trust anchor (CMS); null to decode only.</param>
    /// <param name="now">When the CMS signer's chain must be valid.</param>
    /// <exception cref="VoucherFormatException">The voucher is malformed.</exception>
    /// <exception cref="Enrollment.EnrollmentFormatException">The CMS envelope is malformed.</exception>
    /// <exception cref="NotSupportedException">The COSE envelope marks a header critical that is not understood.</exception>
    public static VoucherInspection Inspect(VoucherInput input, X509Certificate2? trust, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Envelope switch
        {
            VoucherEnvelope.Cose => InspectCose(input, trust),
            VoucherEnvelope.Json => InspectJson(input, trust),
            _ => InspectCms(input, trust, now),
        };
    }

    private static VoucherInspection InspectCose(VoucherInput input, X509Certificate2? trust)
    {
        if (IsCoseRequest(input.Data))
        {
            var request = ConstrainedVoucher.DecodeVoucherRequest(input.Data);
            return Cose(input, request.Content, request.X5Bag, trust, request.Verify);
        }

        var voucher = ConstrainedVoucher.DecodeVoucher(input.Data);
        return Cose(input, voucher.Content, voucher.X5Bag, trust, voucher.Verify);
    }

    private static VoucherInspection Cose(VoucherInput input, VoucherArtifact content, IReadOnlyList<byte[]> x5bag,
        X509Certificate2? trust, Func<X509Certificate2, bool> verify) =>
        new(input, content, CheckCose(trust, verify))
        {
            X5Bag = x5bag.Select(der => CertificateSummary.TryParse(der)).ToList(),
        };

    private static SignatureCheck CheckCose(X509Certificate2? trust, Func<X509Certificate2, bool> verify)
    {
        if (trust is null)
        {
            return new SignatureCheck(SignatureState.NotChecked, NotChecked);
        }

        try
        {
            return verify(trust)
                ? new SignatureCheck(SignatureState.Verified, $"verified with {trust.Subject}")
                : SignatureCheck.Failed($"the COSE signature does not verify with the public key of '{trust.Subject}'");
        }
        catch (NotSupportedException e)
        {
            return SignatureCheck.Failed(e.Message);
        }
    }

    // The constrained forms differ only in the payload's top-level SID (2451 voucher, 2501 voucher-request), so peek
    // at it to pick the decoder; anything unreadable goes to the voucher decoder, which reports what is wrong.
    private static bool IsCoseRequest(byte[] data)
    {
        try
        {
            if (CoseSign1.Decode(data).Payload is not { } payload)
            {
                return false;
            }

            var reader = new CborReader(payload, CborConformanceMode.Lax);
            return reader.ReadStartMap() == 1
                && reader.PeekState() == CborReaderState.UnsignedInteger
                && reader.ReadUInt64() == VoucherSids.Request;
        }
        catch (Exception e) when (e is CoseFormatException or NotSupportedException or CborContentException
            or InvalidOperationException)
        {
            return false;
        }
    }

    private static VoucherInspection InspectJson(VoucherInput input, X509Certificate2? trust)
    {
        var signature = trust is null
            ? new SignatureCheck(SignatureState.Unsigned, "none (unsigned JSON)")
            : SignatureCheck.Failed($"the voucher is unsigned JSON; there is no signature to verify with '{trust.Subject}'");
        return new VoucherInspection(input, ReadJson(input.Data), signature);
    }

    private static VoucherInspection InspectCms(VoucherInput input, X509Certificate2? trust, DateTimeOffset now)
    {
        var intact = CmsSignedMessage.Verify(input.Data);
        if (!intact.IsValid)
        {
            return new VoucherInspection(input, null, SignatureCheck.Failed(intact.Reason)) { ContentType = intact.ContentType };
        }

        var signer = CertificateSummary.Of(intact.Signer);
        SignatureCheck signature;
        if (trust is null)
        {
            signature = new SignatureCheck(SignatureState.NotChecked,
                $"{NotChecked}; the CMS signature by its embedded signer is intact");
        }
        else
        {
            var trusted = CmsSignedMessage.Verify(input.Data, trust, now);
            signature = trusted.IsValid
                ? new SignatureCheck(SignatureState.Verified, $"verified with {trust.Subject} (signer {signer.Subject})")
                : SignatureCheck.Failed(trusted.Reason);
        }

        return new VoucherInspection(input, ReadJson(intact.Content), signature)
        {
            ContentType = intact.ContentType,
            Signer = signer,
        };
    }

    private static VoucherArtifact ReadJson(byte[] json) =>
        TopMemberName(json) == JsonRequestTop ? VoucherJson.ReadVoucherRequest(json) : VoucherJson.ReadVoucher(json);

    // Only a peek: VoucherJson does the strict reading and reports malformed JSON itself.
    private static string? TopMemberName(byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName
                ? reader.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
