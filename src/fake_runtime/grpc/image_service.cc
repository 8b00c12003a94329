// ImageService: unary RPCs through ServeUnary, StreamImages in chunks.
#include "fake_runtime/grpc/cri_services.h"
#include "fake_runtime/grpc/stream_list.h"

namespace fakecri::runtime {

CriImageService::CriImageService(CriEnv env) : env_(env) {
  constexpr std::string_view kService = "runtime.v1.ImageService";
  AnswerParseErrors(kService, "ListImages", &CriImageService::ListImages);
  AnswerParseErrors(kService, "StreamImages", &CriImageService::StreamImages);
  AnswerParseErrors(kService, "ImageStatus", &CriImageService::ImageStatus);
  AnswerParseErrors(kService, "PullImage", &CriImageService::PullImage);
  AnswerParseErrors(kService, "RemoveImage", &CriImageService::RemoveImage);
  AnswerParseErrors(kService, "ImageFsInfo", &CriImageService::ImageFsInfo);
}

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
  return StreamList<v1::StreamImagesResponse, v1::Image>(
      env_, "StreamImages", *req, &ContainerManager::ListImages,
      &v1::ListImagesResponse::mutable_images,
      &v1::StreamImagesResponse::mutable_images, list_req);
}

}  // namespace fakecri::runtime
