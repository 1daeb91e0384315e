using System.CommandLine;

namespace DeviceTrust.Cli.Network;

/// <summary>
/// <c>--token</c>, or <c>DEVICETRUST_TOKEN</c> from the environment: a security officer's token given on the command
/// line shows in <c>ps</c> and in shell history, one in the environment does not.
/// </summary>
public static class ApiTokenOption
{
    public const string EnvironmentVariable = "DEVICETRUST_TOKEN";

    public static Option<string?> Create(string description) => new("--token")
    {
        Description = $"{description} Default: ${EnvironmentVariable}.",
        HelpName = "dt_...",
    };

    /// <summary>Makes the token required on <paramref name="command"/>, from either source.</summary>
    public static void RequireOn(Command command, Option<string?> token) =>
        command.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(token) ?? Environment.GetEnvironmentVariable(EnvironmentVariable)))
                result.AddError($"An API token is required: --token dt_... or ${EnvironmentVariable}.");
        });

    public static string Resolve(ParseResult parseResult, Option<string?> token) =>
        parseResult.GetValue(token) ?? Environment.GetEnvironmentVariable(EnvironmentVariable)
        ?? throw new InvalidOperationException("The token was validated as present.");
}
