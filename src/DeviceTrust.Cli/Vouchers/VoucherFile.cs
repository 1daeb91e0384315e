namespace DeviceTrust.Cli.Vouchers;

internal static class VoucherFile
{
    /// <exception cref="CliException">The file is missing or unreadable; the message names it.</exception>
    public static byte[] ReadAllBytes(string path, string role)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
            or NotSupportedException)
        {
            throw new CliException($"{role} {path}: cannot read the file ({e.Message})");
        }
    }
}
