// ImageService: unary RPCs through ServeUnary, StreamImages in chunks.
#include "fake_runtime/grpc/chunked_writer.h"
#include "fake_runtime/grpc/cri_services.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

FAKECRI_UNARY_DEF(CriImageService, ListImages)
FAKECRI_UNARY_DEF(CriImageService, ImageStatus)
FAKECRI_UNARY_DEF(CriImageService, PullImage)
FAKECRI_UNARY_DEF(CriImageService, RemoveImage)
FAKECRI_UNARY_DEF(CriImageService, ImageFsInfo)

grpc::ServerWriteReactor<v1::StreamImagesResponse>*
CriImageService::StreamImages(grpc::CallbackServerContext*,
                              const v1::StreamImagesRequest* req) {
  v1::ListImagesRequest list_req;
  *list_req.mutable_filter() = req->filter();
  v1::ListImagesResponse list;
  auto call = recorder_.Begin("StreamImages", *req);
  absl::Status st = mgr_.ListImages(call.ctx, list_req, &list);
  recorder_.End(call, st);
  return NewChunkedWriter<v1::StreamImagesResponse>(
      st, list.mutable_images(), &v1::StreamImagesResponse::mutable_images);
}

}  // namespace fakecri::runtime
