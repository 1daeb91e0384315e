using System.CommandLine;
using DeviceTrust.Cli.Suit;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust suit build</c>: a manifest from images and a JSON description, written as an envelope.</summary>
public sealed class SuitBuildCommand : Command
{
    public SuitBuildCommand()
        : base("build", "Build a SUIT manifest from a JSON description (the SUIT draft's example generator input: "
            + "manifest-sequence-number, components with install-id, vendor-id, class-id, uri, bootable, description texts) "
            + "and one image per component, whose SHA-256 and size go into the manifest. Writes an envelope (tag 107) with "
            + "the manifest digest; signed with --key, else unsigned for suit sign. Exit 0 written, 2 an unusable image, "
            + "description or key (nothing written), 64 bad options.")
    {
        Add(Images);
        Add(DescriptionFile);
        Add(Out);
        Add(Key);
        Add(Algorithm);
        Validators.Add(result =>
        {
            if (result.GetResult(Algorithm) is { Implicit: false } && result.GetResult(Key) is null)
                result.AddError("--alg chooses the signature algorithm: give --key too, or leave both out for an unsigned envelope.");
        });
        SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new SuitBuildRunner(configuration.Output, configuration.Error).Build(Bind(parseResult));
        });
    }

    public Option<string[]> Images { get; } = new("--image")
    {
        Description = "A firmware image, one per component of the description, in order (repeat for several).",
        HelpName = "FILE",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> DescriptionFile { get; } = new("--description")
    {
        Description = "The JSON description (see the README: the fields of the draft's example1.json).",
        HelpName = "JSON",
        Required = true,
    };

    public Option<string> Out { get; } = SuitCommand.OutOption();

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "Sign the envelope with this EC P-256 private key (PEM, PKCS#8 or SEC 1); without it the envelope is unsigned.",
        HelpName = "PRIVATE-PEM",
    };

    public Option<string> Algorithm { get; } = SuitCommand.AlgorithmOption();

    public SuitBuildRequest Bind(ParseResult parseResult) => new(
        parseResult.GetRequiredValue(Images),
        parseResult.GetRequiredValue(DescriptionFile),
        parseResult.GetRequiredValue(Out),
        parseResult.GetValue(Key),
        parseResult.GetRequiredValue(Algorithm));
}
