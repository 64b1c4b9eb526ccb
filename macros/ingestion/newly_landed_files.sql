{% macro newly_landed_files(listing_relation) -%}
    {#-
        Query body of the base_<source>__event_files models (SPEC 9.1): the files of a
        landing folder (a binaryFile listing, which reads no content) that the model has not
        recorded yet, each with its size, modification time and the batch loading it now.
        A full refresh records every file. Called from the model, so `this` is its table.
    -#}
    select
        listing.path as source_file,
        listing.length as file_size_bytes,
        listing.modificationTime as file_modified_at,
        {{ load_batch_id() }} as load_batch,
        current_timestamp() as loaded_at
    from {{ listing_relation }} as listing
    {%- if is_incremental() %}
        left anti join {{ this }} as recorded
            on listing.path = recorded.source_file
    {%- endif %}
{%- endmacro %}
