namespace DeviceTrust.Application.Common;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize);

public static class Paging
{
    public const int MaxPageSize = 500;

    public static void Validate(int page, int pageSize)
    {
        if (page < 0) throw RequestValidationException.For("page", "The page index starts at 0.");
        if (pageSize is < 1 or > MaxPageSize) throw RequestValidationException.For("pageSize", $"The page size is 1-{MaxPageSize}.");
    }
}
