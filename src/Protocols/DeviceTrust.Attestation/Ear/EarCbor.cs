using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// The CBOR form of an EAR claims-set (draft-ietf-rats-ear-03 §3.3, Figure 5), with the keys of
/// <see cref="EarCborKeys"/>: the status as its tier number, the vector keyed 0..7, verifier-id keyed 0 and 1.
/// Encoding is deterministic (RFC 8949 §4.2.1); decoding is strict and all-or-nothing on the CBOR core
/// (<see cref="EarCborReader"/>).
/// </summary>
public static class EarCbor
{
    /// <exception cref="InvalidOperationException">An appraisal names several policies and the profile holds one.</exception>
    public static byte[] Encode(AttestationResult result, EarClaimNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        names ??= EarClaimNames.InUse;
        var map = new DeterministicMapWriter()
            .Add(EarCborKeys.EatProfile, w => w.WriteTextString(names.Profile))
            .Add(EarCborKeys.IssuedAt, w => w.WriteInt64(result.IssuedAt.ToUnixTimeSeconds()))
            .AddEncoded(EarCborKeys.VerifierId, new DeterministicMapWriter()
                .Add(EarCborKeys.Developer, w => w.WriteTextString(result.VerifierId.Developer))
                .Add(EarCborKeys.Build, w => w.WriteTextString(result.VerifierId.Build))
                .Encode());
        if (result.RawEvidence is { } evidence)
            map.Add(EarCborKeys.RawEvidence, w => w.WriteByteString(evidence.Span));
        if (result.Nonce is { } nonce)
            map.Add(EarCborKeys.Nonce, w => w.WriteByteString(nonce.Span));
        var submods = new DeterministicMapWriter();
        foreach (var (name, appraisal) in result.Submods)
            submods.AddEncoded(CoseLabel.Of(name), EncodeAppraisal(appraisal, names, name));
        map.AddEncoded(EarCborKeys.Submods, submods.Encode());
        return map.Encode();
    }

    /// <summary>Reads a CBOR claims-set of the <paramref name="names"/> profile.</summary>
    /// <exception cref="AttestationFormatException">Not one well-formed CBOR map, not an EAR of this profile, or an
    /// appraisal whose status is better than its vector allows; the message names the path.</exception>
    public static AttestationResult Decode(ReadOnlySpan<byte> encoded, EarClaimNames? names = null)
    {
        var copy = encoded.ToArray();
        return AttestationFormatException.Guard(EarCborReader.Root, () => EarCborReader.Read(copy, names ?? EarClaimNames.InUse));
    }

    private static byte[] EncodeAppraisal(EarAppraisal appraisal, EarClaimNames names, string submod)
    {
        var map = new DeterministicMapWriter().Add(EarCborKeys.Status, w => w.WriteInt32((sbyte)appraisal.Status));
        if (appraisal.Vector is { } vector)
        {
            var claims = new DeterministicMapWriter();
            foreach (var (claim, value) in vector.Claims)
                claims.Add((int)claim, w => w.WriteInt32(value));
            map.AddEncoded(EarCborKeys.TrustworthinessVector, claims.Encode());
        }
        var ids = appraisal.AppraisalPolicyIds;
        if (ids.Count > 0)
            map.Add(EarCborKeys.AppraisalPolicyId, w => WritePolicyIds(w, ids, names, submod));
        return map.Encode();
    }

    private static void WritePolicyIds(CborWriter writer, IReadOnlyList<string> ids, EarClaimNames names, string submod)
    {
        if (!names.AppraisalPolicyIdIsArray)
        {
            if (ids.Count > 1)
                throw new InvalidOperationException(
                    $"Submod \"{submod}\" names {ids.Count} appraisal policies; profile {names.Profile} holds one.");
            writer.WriteTextString(ids[0]);
            return;
        }
        writer.WriteStartArray(ids.Count);
        foreach (var id in ids)
            writer.WriteTextString(id);
        writer.WriteEndArray();
    }
}
