using System.ComponentModel.DataAnnotations;

namespace DeviceTrust.Application.Provisioning;

/// <summary>Section "Pki": the domain PKI created at first start.</summary>
public sealed class PkiOptions
{
    public const string Section = "Pki";

    [Required] public string RootSubject { get; set; } = "CN=DeviceTrust Domain Root CA, O=DeviceTrust";
    [Required] public string IssuingSubject { get; set; } = "CN=DeviceTrust Issuing CA, O=DeviceTrust";
    [Required] public string RegistrarSubject { get; set; } = "CN=DeviceTrust Registrar, O=DeviceTrust";

    /// <summary>Names the registrar's TLS certificate is valid for.</summary>
    public string[] RegistrarDnsNames { get; set; } = ["localhost"];

    /// <summary>Where devices and relying parties reach this app; the CRL distribution point is {PublicBaseUrl}/pki/crl.</summary>
    [Required, Url] public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    [Range(1, 50)] public int RootValidityYears { get; set; } = 20;
    [Range(1, 20)] public int IssuingValidityYears { get; set; } = 10;
    [Range(1, 3650)] public int RegistrarValidityDays { get; set; } = 397;

    public Uri CrlUrl => new(new Uri(PublicBaseUrl.TrimEnd('/') + "/"), "pki/crl");
}
