using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1;

namespace DeviceTrust.Enrollment.Est;

/// <summary>
/// One AttrOrOID of a CSR Attributes response (RFC 7030 4.5.2): a bare OID when <see cref="Values"/> is empty,
/// else an Attribute whose values are OIDs (e.g. ecPublicKey with the curve the server wants).
/// </summary>
public sealed record CsrAttribute(string Oid, IReadOnlyList<string> Values)
{
    public CsrAttribute(string oid) : this(oid, []) { }
}

/// <summary>
/// application/csrattrs bodies (RFC 7030 4.5.2):
/// <code>
/// CsrAttrs ::= SEQUENCE SIZE (0..MAX) OF AttrOrOID
/// AttrOrOID ::= CHOICE { oid OBJECT IDENTIFIER, attribute Attribute }
/// Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET SIZE(1..MAX) OF AttributeValue }
/// </code>
/// Only OBJECT IDENTIFIER attribute values are modelled (all of RFC 7030's examples); others are rejected.
/// </summary>
public static class CsrAttributes
{
    private const string Where = "CsrAttrs";

    /// <summary>What the domain CA asks of a device: an EC P-256 key, ecdsa-with-SHA256, a subject serialNumber.</summary>
    public static IReadOnlyList<CsrAttribute> DomainDefaults { get; } =
    [
        new(EnrollmentOids.EcPublicKey, [EnrollmentOids.Secp256r1]),
        new(EnrollmentOids.EcdsaWithSha256),
        new(EnrollmentOids.SerialNumber),
    ];

    public static byte[] Encode(IEnumerable<CsrAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var items = attributes.Select(a => a.Values.Count == 0
            ? (Asn1Encodable)new DerObjectIdentifier(a.Oid)
            : new DerSequence(new DerObjectIdentifier(a.Oid), new DerSet(a.Values.Select(v => (Asn1Encodable)new DerObjectIdentifier(v)).ToArray())));
        return new DerSequence(items.ToArray()).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>The response body: base64 of the DER (RFC 7030 4.5.2).</summary>
    public static string EncodeBase64(IEnumerable<CsrAttribute> attributes) => EstBase64.Encode(Encode(attributes));

    public static IReadOnlyList<CsrAttribute> Decode(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        if (BcInterop.ParseDer(der, Where) is not Asn1Sequence sequence)
            throw new EnrollmentFormatException("not a SEQUENCE", Where);
        var result = new List<CsrAttribute>(sequence.Count);
        for (var i = 0; i < sequence.Count; i++)
            result.Add(DecodeItem(sequence[i], $"{Where}[{i}]"));
        return result;
    }

    public static IReadOnlyList<CsrAttribute> DecodeBase64(string body) => Decode(EstBase64.Decode(body));

    private static CsrAttribute DecodeItem(Asn1Encodable item, string where)
    {
        switch (item)
        {
            case DerObjectIdentifier oid:
                return new CsrAttribute(oid.Id);
            case Asn1Sequence { Count: 2 } attribute when attribute[0] is DerObjectIdentifier type && attribute[1] is Asn1Set values:
                if (values.Count == 0)
                    throw new EnrollmentFormatException("attribute with an empty value SET (SIZE(1..MAX))", where);
                return new CsrAttribute(type.Id, values.Cast<Asn1Encodable>().Select(v => v is DerObjectIdentifier o
                    ? o.Id
                    : throw new EnrollmentFormatException($"attribute {type.Id} has a non-OID value, which is not supported", where)).ToList());
            default:
                throw new EnrollmentFormatException("neither an OBJECT IDENTIFIER nor an Attribute SEQUENCE { type, values SET }", where);
        }
    }
}
