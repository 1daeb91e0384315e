using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Enrollment.Tests.Vouchers;

/// <summary>The constrained-voucher example files in TestVectors/voucher (see PROVENANCE.md there).</summary>
internal static class VoucherVectors
{
    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestVectors", "voucher", file);

    /// <summary>A .hex file: upper-case hex wrapped over several lines.</summary>
    public static byte[] Hex(string file) =>
        Convert.FromHexString(string.Concat(File.ReadAllText(PathOf(file)).Where(c => !char.IsWhiteSpace(c))));

    public static string Text(string file) => File.ReadAllText(PathOf(file));

    public static X509Certificate2 Certificate(string file) => X509Certificate2.CreateFromPem(File.ReadAllText(PathOf(file)));
}
