namespace DeviceTrust.Enrollment.Pki;

/// <summary>Object identifiers used across the library, in one place (STYLE.md "Registries in one place").</summary>
public static class EnrollmentOids
{
    // Subject attributes (RFC 5280 Appendix A, X.520).
    public const string CommonName = "2.5.4.3";
    public const string SerialNumber = "2.5.4.5";
    public const string Organization = "2.5.4.10";

    // PKCS#9 attributes in a PKCS#10 request (RFC 2985 5.4, RFC 2986 4.1).
    public const string UnstructuredName = "1.2.840.113549.1.9.2";
    public const string ChallengePassword = "1.2.840.113549.1.9.7";
    public const string ExtensionRequest = "1.2.840.113549.1.9.14";

    // Keys and signature algorithms (RFC 5480 2.1.1, RFC 5758 3.2, RFC 4055).
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string Secp256r1 = "1.2.840.10045.3.1.7";
    public const string Secp384r1 = "1.3.132.0.34";
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";

    // Extended key usages (RFC 5280 4.2.1.12; id-kp-cmcRA RFC 6402 2.10, required of a registrar by RFC 8995 2.5.3).
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string CmcRegistrationAuthority = "1.3.6.1.5.5.7.3.28";

    // id-pe-masa-url, the MASA URI extension of an IDevID (RFC 8995 2.3.2).
    public const string MasaUrl = "1.3.6.1.5.5.7.1.32";

    // CMS content types (RFC 5652 4 and 5.1; id-ct-animaJSONVoucher RFC 8366 8.3, used by RFC 8995 3.3).
    public const string Data = "1.2.840.113549.1.7.1";
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string AnimaJsonVoucher = "1.2.840.113549.1.9.16.1.40";
}
