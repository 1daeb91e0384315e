using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// The PKCS#9 attributes of a request that EST uses (RFC 2986 4.1, RFC 2985 5.4):
/// <code>
/// Attributes ::= SET OF Attribute
/// challengePassword ATTRIBUTE ::= { WITH SYNTAX DirectoryString {pkcs-9-ub-challengePassword} SINGLE VALUE TRUE }
/// unstructuredName  ATTRIBUTE ::= { WITH SYNTAX PKCS9String {pkcs-9-ub-unstructuredName} }
/// </code>
/// Other attribute types (extensionRequest, ...) are accepted and not interpreted here.
/// </summary>
internal static class CsrAttributesReader
{
    public sealed record Result(string? ChallengePassword, string? UnstructuredName);

    public static Result Read(Asn1Set? attributes, string where)
    {
        string? challengePassword = null, unstructuredName = null;
        var seen = new HashSet<string>();
        foreach (var element in attributes ?? (IEnumerable<Asn1Encodable>)[])
        {
            AttributePkcs attribute;
            try
            {
                attribute = AttributePkcs.GetInstance(element);
            }
            catch (Exception e) when (BcInterop.IsDecodeFailure(e))
            {
                throw new EnrollmentFormatException($"not an Attribute SEQUENCE {{ type, values }} ({e.Message})", where, e);
            }
            var type = attribute.AttrType.Id;
            if (!seen.Add(type))
                throw new EnrollmentFormatException($"duplicate attribute {type}", where);
            if (type == Pki.EnrollmentOids.ChallengePassword)
                challengePassword = SingleString(attribute, "challengePassword", where);
            else if (type == Pki.EnrollmentOids.UnstructuredName)
                unstructuredName = SingleString(attribute, "unstructuredName", where);
        }
        return new Result(challengePassword, unstructuredName);
    }

    private static string SingleString(AttributePkcs attribute, string name, string where)
    {
        if (attribute.AttrValues.Count != 1)
            throw new EnrollmentFormatException($"{name} must have exactly one value, has {attribute.AttrValues.Count}", where);
        return attribute.AttrValues[0] is IAsn1String text and not DerBitString and not DerOctetString
            ? text.GetString()
            : throw new EnrollmentFormatException($"{name} value is not a character string", where);
    }
}
