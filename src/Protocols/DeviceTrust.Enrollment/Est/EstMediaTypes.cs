namespace DeviceTrust.Enrollment.Est;

/// <summary>EST media types (RFC 7030 3.2.4, 4.1.3, 4.2.3, 4.4.2, 4.5.2; IANA registrations in RFC 7030 7).</summary>
public static class EstMediaTypes
{
    /// <summary>simpleenroll / simplereenroll / serverkeygen request body: base64 DER PKCS#10 (RFC 7030 4.2.1).</summary>
    public const string Pkcs10 = "application/pkcs10";

    /// <summary>cacerts and enroll responses: a certs-only CMS SignedData, base64 (RFC 7030 4.1.3, 4.2.3).</summary>
    public const string Pkcs7CertsOnly = "application/pkcs7-mime; smime-type=certs-only";

    /// <summary>The media type without parameters, for comparing a received Content-Type.</summary>
    public const string Pkcs7Mime = "application/pkcs7-mime";

    /// <summary>csrattrs response: base64 DER CsrAttrs (RFC 7030 4.5.2).</summary>
    public const string CsrAttrs = "application/csrattrs";

    /// <summary>serverkeygen private key part: base64 DER PKCS#8 PrivateKeyInfo (RFC 7030 4.4.2).</summary>
    public const string Pkcs8 = "application/pkcs8";

    /// <summary>serverkeygen response: the key part then the certificate part (RFC 7030 4.4.2).</summary>
    public const string MultipartMixed = "multipart/mixed";

    /// <summary>Header accompanying base64 bodies (RFC 7030 4.1.3; relaxed by RFC 8951 3).</summary>
    public const string ContentTransferEncoding = "Content-Transfer-Encoding";

    public const string Base64 = "base64";
}
