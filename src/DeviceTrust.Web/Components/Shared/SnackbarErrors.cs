using DeviceTrust.Application.Common;
using MudBlazor;

namespace DeviceTrust.Web.Components.Shared;

/// <summary>Shows an expected error (see <see cref="ErrorDescriptions"/>) as a snackbar, the same way on every page.</summary>
internal static class SnackbarErrors
{
    public static void AddError(this ISnackbar snackbar, ErrorDescription error)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(error);
        snackbar.Add(error.UserMessage, Severity.Error);
    }
}
