using System.Globalization;

namespace DeviceTrust.Bench.Enrollment;

/// <summary>The command line. <see cref="Server"/> and <see cref="Registrar"/> come together: a running app, else the driver starts one.</summary>
/// <param name="Warmup">Pledges enrolled before the timed part, not counted, so the timed part runs on warmed-up code (tiered JIT) and caches.</param>
internal sealed record BenchOptions(int Pledges, int Concurrency, int Warmup, Uri? Server, Uri? Registrar, string? Password)
{
    public const string Usage = "usage: DeviceTrust.Bench.Enrollment [--pledges 200] [--concurrency 16] [--warmup 0] "
        + "[--server http://HOST:PORT --registrar https://HOST:PORT] [--password P]";

    /// <exception cref="FormatException">An unknown option, a missing or bad value, or --server without --registrar.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(Pledges: 200, Concurrency: 16, Warmup: 0, Server: null, Registrar: null, Password: null);
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"'{args[i]}' needs a value.");
            options = args[i] switch
            {
                "--pledges" => options with { Pledges = Positive(args[i], value) },
                "--concurrency" => options with { Concurrency = Positive(args[i], value) },
                "--warmup" => options with { Warmup = NotNegative(args[i], value) },
                "--server" => options with { Server = Absolute(args[i], value, Uri.UriSchemeHttp, Uri.UriSchemeHttps) },
                "--registrar" => options with { Registrar = Absolute(args[i], value, Uri.UriSchemeHttps) },
                "--password" => options with { Password = value },
                _ => throw new FormatException($"Unknown option '{args[i]}'."),
            };
        }
        if ((options.Server is null) != (options.Registrar is null))
            throw new FormatException("--server and --registrar go together (the app's HTTP API and its device listener).");
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new FormatException($"{name} wants a positive whole number, not '{value}'.");

    private static int NotNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"{name} wants a whole number, not '{value}'.");

    private static Uri Absolute(string name, string value, params string[] schemes) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme)
            ? uri
            : throw new FormatException($"{name} wants an absolute {string.Join(" or ", schemes)} URL, not '{value}'.");
}
