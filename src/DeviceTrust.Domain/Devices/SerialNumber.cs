namespace DeviceTrust.Domain.Devices;

/// <summary>
/// Serial numbers end up in certificate subjects (RFC 8995 2.3.1, serialNumber attribute) and URLs, so they are
/// restricted to characters that a certificate's PrintableString serialNumber can hold (RFC 5280 Appendix A) and that
/// need no escaping in a URL: letters, digits, '-' and '.'.
/// </summary>
public static class SerialNumber
{
    public const int MaxLength = 64;

    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    public static string Validate(string? value) => IsValid(value)
        ? value!
        : throw new DomainException($"A serial number is 1-{MaxLength} characters of letters, digits, '-' or '.'.");
}
