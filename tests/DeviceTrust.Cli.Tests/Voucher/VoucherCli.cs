using System.CommandLine;

namespace DeviceTrust.Cli.Tests.Voucher;

/// <summary>The output of one in-process <c>devicetrust</c> run.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error);

/// <summary>Runs <c>devicetrust voucher inspect</c> in-process, the way Program.cs does, against files in TestVectors/voucher or a temp folder.</summary>
public static class VoucherCli
{
    public static string Vector(string name) => Path.Combine(AppContext.BaseDirectory, "TestVectors", "voucher", name);

    public static Task<CliRun> InspectAsync(params string[] arguments) => InspectAsync(TimeProvider.System, arguments);

    public static async Task<CliRun> InspectAsync(TimeProvider timeProvider, params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var invocation = new InvocationConfiguration { Output = output, Error = error };

        var exitCode = await CliApplication.RunAsync(["voucher", "inspect", .. arguments], invocation, timeProvider, TestContext.Current.CancellationToken);

        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A clock that stays where a test puts it.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A temporary folder for the files a test writes; deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("devicetrust-voucher-");

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string name, string content) => Write(name, System.Text.Encoding.UTF8.GetBytes(content));

    public string PathOf(string name) => Path.Combine(_directory.FullName, name);

    public void Dispose() => _directory.Delete(recursive: true);
}
