namespace DeviceTrust.Suit;

// The SUIT numbers this library reads, in one place (draft-ietf-suit-manifest-37, its CDDL in Appendix A and the
// IANA "SUIT" registries). Other files name these constants; no SUIT number appears as a bare literal elsewhere.

/// <summary>CBOR tags and digest algorithms.</summary>
public static class SuitTags
{
    public const ulong Envelope = 107;       // SUIT_Envelope_Tagged = #6.107(SUIT_Envelope)
    public const ulong Manifest = 1070;      // SUIT_Manifest_Tagged = #6.1070(SUIT_Manifest)
    public const ulong PrivateEnterpriseNumber = 112; // cbor-pen (RFC 9090), a vendor id that is not a UUID
}

/// <summary>SUIT_Envelope keys (SUIT_Envelope).</summary>
public static class SuitEnvelopeKeys
{
    public const int AuthenticationWrapper = 2;   // suit-authentication-wrapper
    public const int Manifest = 3;                // suit-manifest
    public const int PayloadFetch = 16;           // suit-payload-fetch (severable)
    public const int Install = 20;                // suit-install (severable; 17 before draft -28)
    public const int Text = 23;                   // suit-text (severable)
    // Integrated payloads are keyed by tstr (suit-integrated-payload-key = tstr).

    public static string Name(long key) => key switch
    {
        AuthenticationWrapper => "authentication-wrapper",
        Manifest => "manifest",
        PayloadFetch => "payload-fetch",
        Install => "install",
        Text => "text",
        _ => "extension",
    };
}

/// <summary>SUIT_Manifest keys (SUIT_Manifest).</summary>
public static class SuitManifestKeys
{
    public const int Version = 1;                 // suit-manifest-version, which must be 1 
    public const int SequenceNumber = 2;          // suit-manifest-sequence-number
    public const int Common = 3;                  // suit-common
    public const int ReferenceUri = 4;            // suit-reference-uri
    public const int ComponentId = 5;             // suit-manifest-component-id (in the TEEP vectors)
    public const int Validate = 7;                // suit-validate
    public const int Load = 8;                    // suit-load
    public const int Invoke = 9;                  // suit-invoke
    public const int PayloadFetch = 16;           // suit-payload-fetch (severable)
    public const int Install = 20;                // suit-install (severable)
    public const int Text = 23;                   // suit-text (severable)

    public const int SupportedVersion = 1;        // "the manifest-version ... 1"

    public static string Name(long key) => key switch
    {
        Version => "manifest-version",
        SequenceNumber => "manifest-sequence-number",
        Common => "common",
        ReferenceUri => "reference-uri",
        ComponentId => "manifest-component-id",
        Validate => "validate",
        Load => "load",
        Invoke => "invoke",
        PayloadFetch => "payload-fetch",
        Install => "install",
        Text => "text",
        _ => "extension",
    };
}

/// <summary>SUIT_Common keys (SUIT_Common).</summary>
public static class SuitCommonKeys
{
    public const int Dependencies = 1;            // suit-dependencies (draft-ietf-suit-trust-domains)
    public const int Components = 2;              // suit-components
    public const int SharedSequence = 4;          // suit-shared-sequence

    public static string Name(long key) => key switch
    {
        Dependencies => "dependencies",
        Components => "components",
        SharedSequence => "shared-sequence",
        _ => "extension",
    };
}

/// <summary>Condition and directive codes of a command sequence (SUIT_Condition, SUIT_Directive).</summary>
public static class SuitCommandCodes
{
    public const int ConditionVendorIdentifier = 1;
    public const int ConditionClassIdentifier = 2;
    public const int ConditionImageMatch = 3;
    public const int ConditionComponentSlot = 5;
    public const int ConditionCheckContent = 6;
    public const int ConditionAbort = 14;
    public const int ConditionDeviceIdentifier = 24;

    public const int DirectiveSetComponentIndex = 12;
    public const int DirectiveTryEach = 15;
    public const int DirectiveWrite = 18;
    public const int DirectiveSetParameters = 19;     // draft-ietf-suit-trust-domains (not in PROTOCOLS.md): same argument as 20
    public const int DirectiveOverrideParameters = 20;
    public const int DirectiveFetch = 21;
    public const int DirectiveCopy = 22;
    public const int DirectiveInvoke = 23;
    public const int DirectiveSwap = 31;
    public const int DirectiveRunSequence = 32;

    public static string Name(long code) => code switch
    {
        ConditionVendorIdentifier => "condition-vendor-identifier",
        ConditionClassIdentifier => "condition-class-identifier",
        ConditionImageMatch => "condition-image-match",
        ConditionComponentSlot => "condition-component-slot",
        ConditionCheckContent => "condition-check-content",
        ConditionAbort => "condition-abort",
        ConditionDeviceIdentifier => "condition-device-identifier",
        DirectiveSetComponentIndex => "directive-set-component-index",
        DirectiveTryEach => "directive-try-each",
        DirectiveWrite => "directive-write",
        DirectiveSetParameters => "directive-set-parameters",
        DirectiveOverrideParameters => "directive-override-parameters",
        DirectiveFetch => "directive-fetch",
        DirectiveCopy => "directive-copy",
        DirectiveInvoke => "directive-invoke",
        DirectiveSwap => "directive-swap",
        DirectiveRunSequence => "directive-run-sequence",
        _ => "command",
    };
}

/// <summary>SUIT_Parameters keys (SUIT_Parameters).</summary>
public static class SuitParameterKeys
{
    public const int VendorId = 1;                // RFC4122_UUID / cbor-pen
    public const int ClassId = 2;                 // RFC4122_UUID
    public const int ImageDigest = 3;             // bstr .cbor SUIT_Digest
    public const int ComponentSlot = 5;           // uint
    public const int StrictOrder = 12;            // bool
    public const int SoftFailure = 13;            // bool
    public const int ImageSize = 14;              // uint
    public const int Content = 18;                // bstr
    public const int Uri = 21;                    // tstr
    public const int SourceComponent = 22;        // uint, a component index
    public const int InvokeArgs = 23;             // bstr
    public const int DeviceId = 24;               // RFC4122_UUID
    public const int FetchArguments = 25;         // bstr

    public static string Name(long key) => key switch
    {
        VendorId => "vendor-id",
        ClassId => "class-id",
        ImageDigest => "image-digest",
        ComponentSlot => "component-slot",
        StrictOrder => "strict-order",
        SoftFailure => "soft-failure",
        ImageSize => "image-size",
        Content => "content",
        Uri => "uri",
        SourceComponent => "source-component",
        InvokeArgs => "invoke-args",
        DeviceId => "device-id",
        FetchArguments => "fetch-arguments",
        _ => "parameter",
    };

    /// <summary>Whether <see cref="SuitParameters"/> decodes this parameter to a typed value.</summary>
    public static bool IsKnown(long key) => key is VendorId or ClassId or ImageDigest or ComponentSlot or StrictOrder
        or SoftFailure or ImageSize or Content or Uri or SourceComponent or InvokeArgs or DeviceId or FetchArguments;
}

/// <summary>SUIT_Text_Map keys (SUIT_Text_Map).</summary>
public static class SuitTextKeys
{
    public const int ManifestDescription = 1;
    public const int UpdateDescription = 2;
    public const int ManifestJsonSource = 3;
    public const int ManifestYamlSource = 4;

    public const int VendorName = 1;              // per component
    public const int ModelName = 2;
    public const int VendorDomain = 3;
    public const int ModelInfo = 4;
    public const int ComponentDescription = 5;
    public const int ComponentVersion = 6;

    public static string Name(long key) => key switch
    {
        ManifestDescription => "manifest-description",
        UpdateDescription => "update-description",
        ManifestJsonSource => "manifest-json-source",
        ManifestYamlSource => "manifest-yaml-source",
        _ => $"text {key}",
    };

    public static string ComponentName(long key) => key switch
    {
        VendorName => "vendor-name",
        ModelName => "model-name",
        VendorDomain => "vendor-domain",
        ModelInfo => "model-info",
        ComponentDescription => "component-description",
        ComponentVersion => "component-version",
        _ => $"text {key}",
    };
}

/// <summary>SUIT_Report, its result map and SUIT_Record keys (draft-ietf-suit-report, its CDDL and IANA "SUIT Report
/// Elements" / "SUIT Record Elements").</summary>
public static class SuitReportKeys
{
    public const int Nonce = 2;                   // suit-report-nonce
    public const int Records = 3;                 // suit-report-records
    public const int Result = 4;                  // suit-report-result
    public const int ResultCode = 5;              // suit-report-result-code
    public const int ResultRecord = 6;            // suit-report-result-record
    public const int ResultReason = 7;            // suit-report-result-reason
    public const int CapabilityReport = 8;        // suit-report-capability-report
    public const int Reference = 99;              // suit-reference

    public const int SystemComponentId = 0;       // system-component-id, in system-property-claims

    public static string Name(long key) => key switch
    {
        Nonce => "nonce",
        Records => "records",
        Result => "result",
        ResultCode => "result-code",
        ResultRecord => "result-record",
        ResultReason => "result-reason",
        CapabilityReport => "capability-report",
        Reference => "reference",
        _ => "extension",
    };

    /// <summary>A key of system-property-claims: system-component-id (0), else a SUIT parameter's name.</summary>
    public static string SystemPropertyName(long key) => key == SystemComponentId ? "system-component-id" : SuitParameterKeys.Name(key);
}

/// <summary>Why processing failed, the high-level reasons of draft-ietf-suit-report ("SUIT Report Reasons",
/// <c>SUIT_Report_Reasons</c>).</summary>
public enum SuitReportReason
{
    Ok = 0,                       // suit-report-reason-ok
    CborParse = 1,                // suit-report-reason-cbor-parse
    CoseUnsupported = 2,          // suit-report-reason-cose-unsupported
    AlgorithmUnsupported = 3,     // suit-report-reason-alg-unsupported
    Unauthorised = 4,             // suit-report-reason-unauthorised
    CommandUnsupported = 5,       // suit-report-reason-command-unsupported
    ComponentUnsupported = 6,     // suit-report-reason-component-unsupported
    ComponentUnauthorised = 7,    // suit-report-reason-component-unauthorised
    ParameterUnsupported = 8,     // suit-report-reason-parameter-unsupported
    SeveringUnsupported = 9,      // suit-report-reason-severing-unsupported
    ConditionFailed = 10,         // suit-report-reason-condition-failed
    OperationFailed = 11,         // suit-report-reason-operation-failed
    InvokePending = 12,           // suit-report-reason-invoke-pending
}

public static class SuitReportReasons
{
    /// <summary>The reason's name in draft-ietf-suit-report, without its "suit-report-reason-" prefix: "condition-failed".</summary>
    public static string Name(SuitReportReason reason) => reason switch
    {
        SuitReportReason.Ok => "ok",
        SuitReportReason.CborParse => "cbor-parse",
        SuitReportReason.CoseUnsupported => "cose-unsupported",
        SuitReportReason.AlgorithmUnsupported => "alg-unsupported",
        SuitReportReason.Unauthorised => "unauthorised",
        SuitReportReason.CommandUnsupported => "command-unsupported",
        SuitReportReason.ComponentUnsupported => "component-unsupported",
        SuitReportReason.ComponentUnauthorised => "component-unauthorised",
        SuitReportReason.ParameterUnsupported => "parameter-unsupported",
        SuitReportReason.SeveringUnsupported => "severing-unsupported",
        SuitReportReason.ConditionFailed => "condition-failed",
        SuitReportReason.OperationFailed => "operation-failed",
        SuitReportReason.InvokePending => "invoke-pending",
        _ => "reason",
    };

    /// <summary>"condition-failed (10)".</summary>
    public static string Describe(SuitReportReason reason) => $"{Name(reason)} ({(int)reason})";
}
